/* jsupervisor tail page: follows the log through api/log (byte offsets), appending text nodes. */
(function () {
  'use strict';
  var pre = document.getElementById('log');
  var follow = document.getElementById('follow');
  var status = document.getElementById('tail-status');
  var base = location.origin + location.pathname.replace(/[^\/]*$/, '');
  var offset = parseInt(pre.getAttribute('data-offset'), 10);
  var MAX_CHARS = 2 * 1024 * 1024;
  var timer = null;

  function url() {
    var u = base + 'api/log?offset=' + offset + '&channel=' + encodeURIComponent(pre.getAttribute('data-channel'));
    if (pre.getAttribute('data-main') === '1') { return u + '&main=1'; }
    return u + '&processname=' + encodeURIComponent(pre.getAttribute('data-process'));
  }

  function atBottom() { return pre.scrollHeight - pre.scrollTop - pre.clientHeight < 40; }

  function setStatus(on, text) { status.className = 'live ' + (on ? 'on' : 'off'); status.textContent = text; }

  function poll() {
    timer = null;
    if (!follow.checked) { setStatus(false, 'paused'); return; }
    fetch(url(), { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) { return r.json(); })
      .then(function (j) {
        if (j.error) { setStatus(false, j.error); schedule(2000); return; }
        var stick = atBottom();
        if (j.reset || offset < 0) { pre.textContent = ''; }
        if (j.text) {
          pre.appendChild(document.createTextNode(j.text));
          if (pre.textContent.length > MAX_CHARS) { pre.textContent = pre.textContent.slice(-MAX_CHARS / 2); }
        }
        offset = j.offset;
        if (stick) { pre.scrollTop = pre.scrollHeight; }
        setStatus(true, 'following');
        // more than a chunk behind: read on at once
        schedule(j.offset < j.size ? 0 : 400);
      })
      .catch(function () { setStatus(false, 'disconnected'); schedule(2000); });
  }

  function schedule(ms) { if (!timer) { timer = setTimeout(poll, ms); } }

  follow.addEventListener('change', function () { if (follow.checked) { schedule(0); } });
  pre.scrollTop = pre.scrollHeight;
  if (pre.getAttribute('data-ok') === 'true' || pre.getAttribute('data-process') || pre.getAttribute('data-main') === '1') {
    schedule(400);
  }
}());
