/* jsupervisor status page: live table (server-sent events from api/events), actions as POSTs
 * with the page's token, filters, error banner. All text goes in through textContent. */
(function () {
  'use strict';
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.getAttribute('content') : '';
  // origin + directory: never the user:password@ a URL may carry, which fetch() refuses
  var base = location.origin + location.pathname.replace(/[^\/]*$/, '');
  var rows = document.getElementById('rows');
  var table = document.getElementById('processes');
  var live = document.getElementById('live');
  var banner = document.getElementById('banner');
  var bannerText = document.getElementById('banner-text');
  var filter = document.getElementById('filter');
  var stateFilter = document.getElementById('state-filter');
  var summary = document.getElementById('summary');
  var labels = { start: 'Start', stop: 'Stop', restart: 'Restart', clearlog: 'Clear Log' };
  var current = null;   // the last snapshot
  var skew = 0;         // server clock minus ours, in seconds
  var es = null;
  var pollTimer = null;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) { Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); }
    if (text != null) { e.textContent = text; }
    return e;
  }

  function showBanner(ok, message) {
    bannerText.textContent = message;
    banner.className = 'banner ' + (ok ? 'ok' : 'error');
    banner.hidden = false;
  }
  document.getElementById('banner-close').addEventListener('click', function () { banner.hidden = true; });

  function setLive(on, text) {
    live.className = 'live ' + (on ? 'on' : 'off');
    live.textContent = text;
  }

  function uptime(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var d = Math.floor(seconds / 86400), h = Math.floor(seconds % 86400 / 3600),
        m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
    var hms = h + ':' + (m < 10 ? '0' : '') + m + ':' + (s < 10 ? '0' : '') + s;
    return d === 0 ? hms : d + (d === 1 ? ' day, ' : ' days, ') + hms;
  }

  function describe(p) {
    if (p.state === 'RUNNING') {
      return 'pid ' + p.pid + ', uptime ' + uptime(Date.now() / 1000 + skew - p.start);
    }
    return p.description;
  }

  function q(s) { return encodeURIComponent(s).replace(/%2F/g, '/'); }

  function actionLink(action, spec, text) {
    var a = el('a', { href: 'index.html?processname=' + q(spec) + '&action=' + action, name: labels[action],
      'data-action': action, 'data-process': spec }, text || labels[action]);
    var li = el('li');
    li.appendChild(a);
    return li;
  }

  function row(p, shade) {
    var tr = el('tr', { 'class': 'proc' + (shade ? ' shade' : ''), 'data-namespec': p.namespec,
      'data-group': p.group, 'data-state': p.state });
    var st = el('td', { 'class': 'status' });
    st.appendChild(el('span', { 'class': p['class'] + ' state-' + p.state.toLowerCase() }, p.state.toLowerCase()));
    var desc = el('td', { 'class': 'desc' });
    desc.appendChild(el('span', null, describe(p)));
    var name = el('td', { 'class': 'name' });
    name.appendChild(el('a', { href: 'tail.html?processname=' + q(p.namespec), target: '_blank' }, p.namespec));
    var act = el('td', { 'class': 'action' });
    var ul = el('ul');
    p.actions.forEach(function (a) { ul.appendChild(actionLink(a, p.namespec)); });
    [['', 'Tail -f Stdout'], ['/stderr', 'Tail -f Stderr']].forEach(function (t) {
      var li = el('li');
      li.appendChild(el('a', { href: 'logtail/' + q(p.namespec) + t[0], name: t[1], target: '_blank' }, t[1]));
      ul.appendChild(li);
    });
    act.appendChild(ul);
    [st, desc, name, act].forEach(function (td) { tr.appendChild(td); });
    return tr;
  }

  function groupRow(group, size) {
    var tr = el('tr', { 'class': 'group', 'data-group': group });
    var td = el('td', { colspan: '3', 'class': 'groupname' }, 'group ');
    td.appendChild(el('strong', null, group));
    td.appendChild(document.createTextNode(' '));
    td.appendChild(el('span', { 'class': 'count' }, '(' + size + ')'));
    var act = el('td', { 'class': 'action' });
    var ul = el('ul');
    ['start', 'stop', 'restart'].forEach(function (a) { ul.appendChild(actionLink(a, group + ':*', labels[a] + ' group')); });
    act.appendChild(ul);
    tr.appendChild(td);
    tr.appendChild(act);
    return tr;
  }

  function render(snap) {
    var t0 = performance.now();
    current = snap;
    skew = snap.now - Date.now() / 1000;
    document.getElementById('identification').textContent = snap.identification;
    document.getElementById('supervisor-state').textContent = snap.state;
    var groups = [], byGroup = {};
    snap.processes.forEach(function (p) {
      if (!byGroup[p.group]) { byGroup[p.group] = []; groups.push(p.group); }
      byGroup[p.group].push(p);
    });
    var body = document.createDocumentFragment(), shade = false, counts = {};
    groups.forEach(function (g) {
      var members = byGroup[g];
      if (members.length > 1 || members[0].name !== g) { body.appendChild(groupRow(g, members.length)); }
      members.forEach(function (p) {
        body.appendChild(row(p, shade));
        shade = !shade;
        var s = p.state.toLowerCase();
        counts[s] = (counts[s] || 0) + 1;
      });
    });
    rows.replaceChildren(body);
    var n = snap.processes.length;
    var text = n + (n === 1 ? ' process' : ' processes');
    var sep = ': ';
    Object.keys(counts).forEach(function (k) { text += sep + counts[k] + ' ' + k; sep = ', '; });
    summary.textContent = text;
    table.hidden = n === 0;
    var empty = document.getElementById('empty');
    if (empty) { empty.hidden = n !== 0; }
    applyFilter();
    // for bench/webui: how long the last re-render of the table took, and how many there were
    window.jsupervisorRender = { ms: performance.now() - t0, count: ((window.jsupervisorRender || {}).count || 0) + 1 };
  }

  function applyFilter() {
    var needle = filter.value.trim().toLowerCase();
    var states = stateFilter.value ? stateFilter.value.split(',') : null;
    var visibleInGroup = {};
    Array.prototype.forEach.call(rows.querySelectorAll('tr.proc'), function (tr) {
      var spec = tr.getAttribute('data-namespec').toLowerCase();
      var show = (!needle || spec.indexOf(needle) >= 0) &&
                 (!states || states.indexOf(tr.getAttribute('data-state')) >= 0);
      tr.hidden = !show;
      if (show) { visibleInGroup[tr.getAttribute('data-group')] = true; }
    });
    Array.prototype.forEach.call(rows.querySelectorAll('tr.group'), function (tr) {
      var g = tr.getAttribute('data-group');
      tr.hidden = !(visibleInGroup[g] || (needle && g.toLowerCase().indexOf(needle) >= 0 && !states));
    });
    try { sessionStorage.setItem('jsupervisor.filter', JSON.stringify([filter.value, stateFilter.value])); } catch (e) { /* private mode */ }
  }

  try {
    var saved = JSON.parse(sessionStorage.getItem('jsupervisor.filter') || 'null');
    if (saved) { filter.value = saved[0]; stateFilter.value = saved[1]; }
  } catch (e) { /* ignore */ }
  filter.addEventListener('input', applyFilter);
  stateFilter.addEventListener('change', applyFilter);
  applyFilter();

  function tick() {
    if (!current) { return; }
    var byName = {};
    current.processes.forEach(function (p) { byName[p.namespec] = p; });
    Array.prototype.forEach.call(rows.querySelectorAll('tr.proc[data-state="RUNNING"]'), function (tr) {
      var p = byName[tr.getAttribute('data-namespec')];
      if (p && p.state === 'RUNNING') { tr.querySelector('td.desc span').textContent = describe(p); }
    });
  }
  setInterval(tick, 1000);

  function fetchStatus() {
    return fetch(base + 'api/status', { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(render);
  }

  function poll() {
    fetchStatus().then(function () { setLive(true, 'live (polling)'); },
                       function () { setLive(false, 'disconnected'); })
      .then(function () { pollTimer = setTimeout(poll, 2000); });
  }

  function connect() {
    if (!window.EventSource) { poll(); return; }
    es = new EventSource(base + 'api/events');
    es.addEventListener('status', function (e) { render(JSON.parse(e.data)); setLive(true, 'live'); });
    es.onopen = function () { setLive(true, 'live'); };
    es.onerror = function () { setLive(false, 'reconnecting'); };
  }

  function act(action, spec, link) {
    var tr = link && link.closest('tr');
    if (tr) { tr.classList.add('busy'); }
    var body = new URLSearchParams();
    body.set('action', action);
    body.set('processname', spec || '');
    body.set('token', token);
    fetch(base + 'api/action', { method: 'POST', body: body, credentials: 'same-origin',
                                 headers: { 'X-CSRF-Token': token } })
      .then(function (r) { return r.json(); })
      .then(function (res) {
        showBanner(res.ok, res.message);
        if (action === 'refresh' || !es) { return fetchStatus(); }
      })
      .catch(function (e) { showBanner(false, 'ERROR: request failed: ' + e.message); })
      .then(function () { if (tr) { tr.classList.remove('busy'); } });
  }

  document.addEventListener('click', function (ev) {
    var a = ev.target.closest && ev.target.closest('a[data-action]');
    if (!a || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey) { return; }
    ev.preventDefault();
    act(a.getAttribute('data-action'), a.getAttribute('data-process'), a);
  });

  connect();
}());
