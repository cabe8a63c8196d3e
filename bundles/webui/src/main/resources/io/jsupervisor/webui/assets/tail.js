/* jsupervisor tail page: follows the log through the JSON API (byte offsets:
 * /api/v1/processes/<name>/logs/<channel>, or /api/v1/daemon/log), appending text nodes. Without
 * /api/v1 (its bundle not installed) it reloads every 5 s, as the page does without script. */
(function () {
  'use strict';
  var pre = document.getElementById('log');
  var follow = document.getElementById('follow');
  var status = document.getElementById('tail-status');
  var API = window.jsupervisorApi.base;
  var answer = window.jsupervisorApi.answer;
  var offset = parseInt(pre.getAttribute('data-offset'), 10);
  var CHUNK = 64 * 1024;
  var MAX_CHARS = 2 * 1024 * 1024;
  var timer = null;

  function url() {
    // no offset yet (there was no file when the page was drawn): the log's last bytes
    var q = '?offset=' + (offset < 0 ? -CHUNK : offset) + '&length=' + CHUNK;
    if (pre.getAttribute('data-main') === '1') { return API + 'daemon/log' + q; }
    return API + 'processes/' + encodeURIComponent(pre.getAttribute('data-process')) + '/logs/'
      + (pre.getAttribute('data-channel') === 'stderr' ? 'stderr' : 'stdout') + q;
  }

  function atBottom() { return pre.scrollHeight - pre.scrollTop - pre.clientHeight < 40; }

  function setStatus(on, text, title) {
    status.className = 'live ' + (on ? 'on' : 'off');
    status.textContent = text;
    status.title = title || '';
  }

  function poll() {
    timer = null;
    if (!follow.checked) { setStatus(false, 'paused'); return; }
    fetch(url(), { credentials: 'same-origin', cache: 'no-store' })
      .then(answer)
      .then(function (j) {
        var stick = atBottom();
        if (j.reset || offset < 0) { pre.textContent = ''; }
        if (j.text) {
          pre.appendChild(document.createTextNode(j.text));
          if (pre.textContent.length > MAX_CHARS) { pre.textContent = pre.textContent.slice(-MAX_CHARS / 2); }
        }
        offset = j.next;
        if (stick) { pre.scrollTop = pre.scrollHeight; }
        setStatus(true, 'following');
        // more than a chunk behind: read on at once
        schedule(j.next < j.size ? 0 : 400);
      })
      .catch(function (e) {
        if (e.absent) {
          setStatus(false, 'static: no JSON API', 'following the log needs the JSON API (/api/v1, bundle io.jsupervisor.restapi), '
            + 'which this daemon does not have: the page reloads every 5 s instead');
          setTimeout(function () { if (follow.checked) { location.reload(); } }, 5000);
          return;
        }
        // fetch() rejects with a TypeError when the daemon cannot be reached at all
        setStatus(false, e instanceof TypeError || !e.message ? 'disconnected' : e.message);
        schedule(2000);
      });
  }

  function schedule(ms) { if (!timer) { timer = setTimeout(poll, ms); } }

  follow.addEventListener('change', function () { if (follow.checked) { schedule(0); } });
  pre.scrollTop = pre.scrollHeight;
  if (pre.getAttribute('data-ok') === 'true' || pre.getAttribute('data-process') || pre.getAttribute('data-main') === '1') {
    schedule(400);
  }
}());
