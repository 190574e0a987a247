// The live monitoring alerts page: listens to the server-sent event stream and puts each
// list it sends in place, so a breach appears without anyone reloading. The list is HTML
// rendered (and escaped) by the server for this reader. If the stream stops, the page
// says so; the browser's EventSource reconnects by itself.
(function () {
  'use strict';
  var region = document.getElementById('live-region');
  var status = document.getElementById('live-status');
  if (!region || typeof EventSource === 'undefined') return;
  var source = new EventSource(region.getAttribute('data-stream'));
  source.addEventListener('alerts', function (e) {
    var holder = document.createElement('div');
    holder.innerHTML = e.data;
    var list = holder.querySelector('#live-alerts');
    var old = document.getElementById('live-alerts');
    if (list && old) old.replaceWith(list);
    if (status) status.hidden = true;
  });
  source.onerror = function () {
    if (status) {
      status.textContent = 'The live updates have paused; they resume by themselves when the connection returns.';
      status.hidden = false;
    }
  };
})();
