// The fleet page: long-polls /fleet/api/state and draws every daemon with DOM text nodes only.
(function () {
  'use strict';
  var version = -1;
  var root = document.getElementById('fleet');
  var summary = document.getElementById('summary');
  var message = document.getElementById('message');

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function button(peer, action, namespec) {
    var b = el('button', null, action);
    b.dataset.action = action;
    b.dataset.target = peer + '/' + namespec;
    b.addEventListener('click', function () { act(peer, action, namespec); });
    return b;
  }

  function draw(state) {
    var sections = [];
    var live = 0;
    state.peers.forEach(function (p) {
      if (p.reachable) { live++; }
      var s = el('section', 'peer ' + (p.reachable ? 'live' : 'unreachable'));
      s.dataset.peer = p.name;
      var h = el('h2');
      h.appendChild(el('span', 'name', p.local ? 'this daemon' : p.name));
      h.appendChild(el('span', 'peer-status', p.reachable ? 'live' : 'unreachable'));
      if (p.url) { h.appendChild(el('span', 'url', p.url)); }
      s.appendChild(h);
      var counts = Object.keys(p.counts).map(function (k) { return p.counts[k] + ' ' + k; }).join(', ');
      s.appendChild(el('div', 'counts', counts || 'no processes'));
      if (!p.reachable && p.error) { s.appendChild(el('div', 'error', p.error)); }
      var table = el('table');
      p.processes.forEach(function (proc) {
        var tr = el('tr', proc.statename);
        tr.dataset.process = p.name + '/' + proc.namespec;
        tr.appendChild(el('td', 'name', proc.namespec));
        tr.appendChild(el('td', 'state', proc.statename));
        tr.appendChild(el('td', 'description', proc.description));
        var td = el('td', 'actions');
        if (p.reachable) {
          ['start', 'stop', 'restart'].forEach(function (a) { td.appendChild(button(p.name, a, proc.namespec)); });
        }
        tr.appendChild(td);
        table.appendChild(tr);
      });
      s.appendChild(table);
      sections.push(s);
    });
    root.replaceChildren.apply(root, sections);
    summary.textContent = live + ' of ' + state.peers.length + ' daemons live';
  }

  function poll() {
    fetch('/fleet/api/state?since=' + version, { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(function (state) { version = state.version; draw(state); poll(); })
      .catch(function (e) { message.textContent = 'lost the daemon: ' + e.message; message.className = 'error'; setTimeout(poll, 2000); });
  }

  function act(peer, action, namespec) {
    var q = 'peer=' + encodeURIComponent(peer) + '&action=' + encodeURIComponent(action) + '&name=' + encodeURIComponent(namespec);
    message.textContent = peer + ': ' + action + ' ' + namespec + '…';
    message.className = '';
    fetch('/fleet/api/action?' + q, { method: 'POST', credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (a) { message.textContent = a.message; message.className = a.ok ? '' : 'error'; })
      .catch(function (e) { message.textContent = e.message; message.className = 'error'; });
  }

  poll();
}());
