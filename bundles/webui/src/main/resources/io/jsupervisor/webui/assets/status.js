/* jsupervisor status page, live layer: the table follows the JSON API's event stream
 * (/api/v1/events) and is read again from /api/v1/processes and /api/v1/daemon when something
 * changed; the action links become /api/v1 requests; filters; error banner. All text goes in
 * through textContent. Without /api/v1 (its bundle not installed) the links are left alone and
 * the page works as it does without script. */
(function () {
  'use strict';
  var API = window.jsupervisorApi.base;
  var answer = window.jsupervisorApi.answer;
  // the event types that change what the page shows; EventSource needs each name it listens to
  var TYPES = 'PROCESS_STATE,PROCESS_GROUP,SUPERVISOR_STATE_CHANGE';
  var EVENTS = ['PROCESS_STATE_STOPPED', 'PROCESS_STATE_EXITED', 'PROCESS_STATE_STARTING',
    'PROCESS_STATE_STOPPING', 'PROCESS_STATE_BACKOFF', 'PROCESS_STATE_FATAL', 'PROCESS_STATE_RUNNING',
    'PROCESS_STATE_UNKNOWN', 'PROCESS_GROUP_ADDED', 'PROCESS_GROUP_REMOVED',
    'SUPERVISOR_STATE_CHANGE_RUNNING', 'SUPERVISOR_STATE_CHANGE_STOPPING', 'reset'];
  var rows = document.getElementById('rows');
  var table = document.getElementById('processes');
  var live = document.getElementById('live');
  var banner = document.getElementById('banner');
  var bannerText = document.getElementById('banner-text');
  var filter = document.getElementById('filter');
  var stateFilter = document.getElementById('state-filter');
  var summary = document.getElementById('summary');
  var labels = { start: 'Start', stop: 'Stop', restart: 'Restart', clearlog: 'Clear Log' };
  var current = null;   // the processes last drawn
  var skew = 0;         // server clock minus ours, in seconds
  var api = false;      // true while /api/v1 answers: only then are the links taken over
  var es = null;

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

  function setLive(on, text, title) {
    live.className = 'live ' + (on ? 'on' : 'off');
    live.textContent = text;
    live.title = title || 'live updates';
  }

  // --- talking to /api/v1 -----------------------------------------------------------------

  function call(method, path) {
    return fetch(API + path, { method: method, credentials: 'same-origin', cache: 'no-store' }).then(answer);
  }

  function trouble(e) {
    if (e && e.absent) {
      api = false;
      setLive(false, 'static: no JSON API', 'live updates need the JSON API (/api/v1, bundle io.jsupervisor.restapi), '
        + 'which this daemon does not have: reload the page to see changes');
    } else {
      setLive(false, 'disconnected');
    }
  }

  // One read at a time; changes that arrive during a read make one more read after it.
  var reading = null, readAgain = false;
  function refresh() {
    if (reading) { readAgain = true; return reading; }
    reading = Promise.all([call('GET', 'daemon'), call('GET', 'processes')]).then(function (r) {
      api = true;
      render(r[0], r[1]);
    });
    reading.then(done, done);
    return reading;
    function done() {
      reading = null;
      if (readAgain) { readAgain = false; refresh().catch(trouble); }
    }
  }

  // a burst of events (a group restarting) is one read, 20 ms after its first event
  var settle = null;
  function changed() {
    if (!settle) { settle = setTimeout(function () { settle = null; refresh().catch(trouble); }, 20); }
  }

  // The stream is subscribed before it answers, so reading the state once it is open misses
  // nothing; after a drop the browser resumes it (Last-Event-ID) and the page reads again.
  function connect() {
    es = new EventSource(API + 'events?types=' + TYPES);
    EVENTS.forEach(function (n) { es.addEventListener(n, changed); });
    es.onopen = function () {
      refresh().then(function () { setLive(true, 'live'); }, trouble);
    };
    es.onerror = function () {
      api = false;
      if (es.readyState !== EventSource.CLOSED) { setLive(false, 'reconnecting'); return; }
      // refused outright (no /api/v1, or an HTTP error), so the browser gives up: find out
      // which, and connect again later
      es.close();
      es = null;
      call('GET', 'daemon').then(function () {
        setLive(false, 'reconnecting');
        setTimeout(start, 2000);
      }, function (e) {
        trouble(e);
        setTimeout(start, e.absent ? 10000 : 2000);
      });
    };
  }

  function poll() {
    refresh().then(function () { setLive(true, 'live (polling)'); }, trouble)
      .then(function () { setTimeout(poll, 2000); });
  }

  function start() {
    if (window.EventSource) { connect(); } else { poll(); }
  }

  // --- the table --------------------------------------------------------------------------

  // as Snapshot.cssClass and Snapshot.actions, which draw the page without script
  function cssClass(state) {
    return state === 'RUNNING' ? 'statusrunning' : state === 'FATAL' || state === 'BACKOFF' ? 'statuserror' : 'statusnominal';
  }

  function actionsFor(state) {
    if (state === 'RUNNING') { return ['restart', 'stop', 'clearlog']; }
    if (state === 'STOPPED' || state === 'EXITED' || state === 'FATAL') { return ['start', 'clearlog']; }
    return ['clearlog'];
  }

  function uptime(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var d = Math.floor(seconds / 86400), h = Math.floor(seconds % 86400 / 3600),
        m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
    var hms = h + ':' + (m < 10 ? '0' : '') + m + ':' + (s < 10 ? '0' : '') + s;
    return d === 0 ? hms : d + (d === 1 ? ' day, ' : ' days, ') + hms;
  }

  function describe(p) {
    if (p.statename === 'RUNNING') {
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
    var state = p.statename;
    var tr = el('tr', { 'class': 'proc' + (shade ? ' shade' : ''), 'data-namespec': p.namespec,
      'data-group': p.group, 'data-state': state });
    var st = el('td', { 'class': 'status' });
    st.appendChild(el('span', { 'class': cssClass(state) + ' state-' + state.toLowerCase() }, state.toLowerCase()));
    var desc = el('td', { 'class': 'desc' });
    desc.appendChild(el('span', null, describe(p)));
    var name = el('td', { 'class': 'name' });
    name.appendChild(el('a', { href: 'tail.html?processname=' + q(p.namespec), target: '_blank' }, p.namespec));
    var act = el('td', { 'class': 'action' });
    var ul = el('ul');
    actionsFor(state).forEach(function (a) { ul.appendChild(actionLink(a, p.namespec)); });
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

  function render(daemon, processes) {
    var t0 = performance.now();
    current = processes;
    if (processes.length) { skew = processes[0].now - Date.now() / 1000; }
    document.getElementById('identification').textContent = daemon.identification;
    document.getElementById('supervisor-state').textContent = daemon.state.statename;
    var groups = [], byGroup = {};
    processes.forEach(function (p) {
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
        var s = p.statename.toLowerCase();
        counts[s] = (counts[s] || 0) + 1;
      });
    });
    rows.replaceChildren(body);
    var n = processes.length;
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
    current.forEach(function (p) { byName[p.namespec] = p; });
    Array.prototype.forEach.call(rows.querySelectorAll('tr.proc[data-state="RUNNING"]'), function (tr) {
      var p = byName[tr.getAttribute('data-namespec')];
      if (p && p.statename === 'RUNNING') { tr.querySelector('td.desc span').textContent = describe(p); }
    });
  }
  setInterval(tick, 1000);

  // --- actions: the requests, and the banner in the words of the page without script (Actions.java)

  var DONE = { start: 'started', stop: 'stopped', restart: 'restarted' };
  var PHRASES = { NO_FILE: 'no such file', NOT_EXECUTABLE: 'file not executable', ALREADY_STARTED: 'already started',
    SPAWN_ERROR: 'spawn error', ABNORMAL_TERMINATION: 'abnormal termination', NOT_RUNNING: 'not running' };

  function phrase(fault, code, text) { return PHRASES[fault] || 'unexpected rpc fault [' + code + '] ' + text; }

  function unexpected(e) {
    return e.fault ? 'unexpected rpc fault [' + e.fault.code + '] ' + e.fault.message : 'ERROR: request failed: ' + e.message;
  }

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  /** Python's time.ctime(), as the page without script says it: Mon Nov  3 20:24:09 2026 */
  function ctime() {
    var d = new Date();
    return ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getDay()] + ' '
      + ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getMonth()] + ' '
      + (d.getDate() < 10 ? ' ' : '') + d.getDate() + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':'
      + pad(d.getSeconds()) + ' ' + d.getFullYear();
  }

  /** ok when every result succeeded, else an error naming the failures */
  function results(list, text) {
    var failed = list.filter(function (r) { return r.fault !== 'SUCCESS'; }).map(function (r) {
      return (r.group === r.name ? r.name : r.group + ':' + r.name) + ': ' + phrase(r.fault, r.status, r.description);
    });
    return failed.length ? [false, 'ERROR: ' + text + ', except ' + failed.join('; ')] : [true, text];
  }

  /** Runs an action through /api/v1; resolves to [ok, message], or null when it has no request. */
  function perform(action, spec) {
    if (action === 'refresh') {
      return refresh().then(function () { return [true, 'Page refreshed at ' + ctime()]; });
    }
    if (action === 'stopall' || action === 'restartall') {
      return call('POST', 'daemon/processes/' + (action === 'stopall' ? 'stop' : 'restart')).then(function (r) {
        return results(r.results, (action === 'stopall' ? 'All stopped at ' : 'All restarted at ') + ctime());
      });
    }
    if (/:\*$/.test(spec) && DONE[action]) {
      var group = spec.slice(0, -2);
      return call('POST', 'groups/' + encodeURIComponent(group) + '/' + action).then(function (r) {
        return results(r.results, 'Group ' + group + ' ' + DONE[action]);
      }, function (e) {
        if (e.fault && e.fault.fault === 'BAD_NAME') { return [false, 'No such group named ' + group]; }
        throw e;
      });
    }
    var path = 'processes/' + encodeURIComponent(spec);
    if (action === 'clearlog' && !/:\*$/.test(spec)) {
      return call('DELETE', path + '/logs').then(function () { return [true, 'Log for ' + spec + ' cleared']; });
    }
    if (!DONE[action] || /:\*$/.test(spec)) { return null; }
    return call('POST', path + '/' + action).then(function () {
      return [true, 'Process ' + spec + ' ' + DONE[action]];
    }, function (e) {
      if (action === 'stop' || !e.fault) { throw e; }
      return [false, 'ERROR: Process ' + spec + ': ' + phrase(e.fault.fault, e.fault.code, e.fault.message)];
    });
  }

  function act(action, spec, link) {
    var pending = perform(action, spec || '');
    if (!pending) { return false; }
    var tr = link && link.closest('tr');
    if (tr) { tr.classList.add('busy'); }
    pending.then(function (outcome) { showBanner(outcome[0], outcome[1]); },
                 function (e) { showBanner(false, unexpected(e)); })
      .then(function () {
        if (tr) { tr.classList.remove('busy'); }
        // the stream shows the change too; this read makes the table agree with the banner now
        if (action !== 'refresh') { return refresh().catch(trouble); }
      });
    return true;
  }

  document.addEventListener('click', function (ev) {
    var a = ev.target.closest && ev.target.closest('a[data-action]');
    if (!a || !api || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey) { return; }
    if (act(a.getAttribute('data-action'), a.getAttribute('data-process'), a)) { ev.preventDefault(); }
  });

  start();
}());
