/* jsupervisor pages: what status.js and tail.js share about the JSON API. Loaded before them
 * (both deferred, so in order). */
(function () {
  'use strict';
  window.jsupervisorApi = {
    // origin + directory: never the user:password@ a URL may carry, which fetch() refuses
    base: location.origin + location.pathname.replace(/[^\/]*$/, '') + 'api/v1/',

    /** An answer's JSON; a failure carries the API's fault ({code, fault, message}) and its
     * message, or absent: true when the server has no /api/v1 at all (a 404 that is not the
     * API's own JSON). */
    answer: function (r) {
      if ((r.headers.get('Content-Type') || '').indexOf('application/json') !== 0) {
        var e = new Error('HTTP ' + r.status);
        e.absent = r.status === 404;
        throw e;
      }
      return r.json().then(function (body) {
        if (r.ok) { return body; }
        var f = body.error || { code: 0, fault: 'FAILED', message: 'HTTP ' + r.status };
        var err = new Error(f.message);
        err.fault = f;
        throw err;
      });
    }
  };
})();
