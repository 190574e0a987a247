// Zone maps (Leaflet): draws a person's exclusion and inclusion zones on a plain
// background with a scale bar, or over tiles when the page names a tile URL; lets the
// user draw a polygon into the GeoJSON box, or pick a point into the latitude and
// longitude boxes. Everything the map shows is also written out in the page as text, so
// the map is never the only way to read or enter a zone.
(function () {
  'use strict';
  var el = document.getElementById('zone-map');
  if (!el || typeof L === 'undefined') return;
  var data = document.getElementById('zone-data');
  var zones = data ? JSON.parse(data.textContent || '[]') : [];
  var map = L.map(el, { attributionControl: false });
  var tiles = el.getAttribute('data-tile-url');
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 19 }).addTo(map);
  } else {
    drawOfflineBase(map);
  }
  L.control.scale({ imperial: false, position: 'topright' }).addTo(map);

  // Leaflet puts a string tooltip in as HTML; zone names and addresses are what users
  // typed, so they always go in as an element holding text.
  function label(text) {
    var span = document.createElement('span');
    span.textContent = String(text == null ? '' : text);
    return span;
  }

  var drawn = L.featureGroup().addTo(map);
  zones.forEach(function (z) {
    if (!z.geometry) return;
    var colour = z.kind === 'inclusion' ? '#00703c' : '#d4351c';
    L.geoJSON(z.geometry, { style: { color: colour, weight: 2, fillOpacity: 0.15 } })
      .bindTooltip(label(z.name))
      .addTo(drawn);
  });
  // A monitored person's track (an alert's page): a blue line through the fixes, each fix
  // a dot. (Accuracy circles in metres cannot be drawn before the map has a view.)
  var trackData = document.getElementById('track-data');
  var track = trackData ? JSON.parse(trackData.textContent || '[]') : [];
  if (track.length > 0) {
    L.polyline(track.map(function (f) { return [f[0], f[1]]; }), { color: '#1d70b8', weight: 3 }).addTo(drawn);
    track.forEach(function (f) {
      L.circleMarker([f[0], f[1]], { radius: 3, color: '#1d70b8', weight: 1, fillOpacity: 0.6 }).addTo(drawn);
    });
  }
  var points = [];
  document.querySelectorAll('[data-map-point]').forEach(function (p) {
    var lat = parseFloat(p.getAttribute('data-lat'));
    var lon = parseFloat(p.getAttribute('data-lon'));
    if (isFinite(lat) && isFinite(lon)) {
      // The person's own addresses in black, checked addresses in blue.
      var colour = p.getAttribute('data-map-kind') === 'address' ? '#0b0c0c' : '#1d70b8';
      L.circleMarker([lat, lon], { radius: 6, color: colour })
        .bindTooltip(label(p.getAttribute('data-map-point')))
        .addTo(drawn);
      points.push([lat, lon]);
    }
  });
  if (drawn.getLayers().length > 0) {
    map.fitBounds(drawn.getBounds(), { padding: [20, 20], maxZoom: 16 });
  } else {
    var centre = (el.getAttribute('data-centre') || '51.7356,0.4685').split(',');
    map.setView([parseFloat(centre[0]), parseFloat(centre[1])], 13);
  }

  // Drawing a polygon: each click adds a corner; "Finish" writes GeoJSON to the box.
  var box = document.getElementById('geojson');
  var draw = document.getElementById('draw-zone');
  var finish = document.getElementById('finish-zone');
  var corners = [];
  var outline = null;
  var drawing = false;
  if (draw && finish && box) {
    draw.addEventListener('click', function () {
      drawing = true;
      corners = [];
      if (outline) map.removeLayer(outline);
      outline = L.polyline([], { color: '#d4351c', dashArray: '4' }).addTo(map);
      draw.setAttribute('aria-pressed', 'true');
    });
    finish.addEventListener('click', function () {
      if (corners.length < 3) return;
      var ring = corners.map(function (c) { return [round(c.lng), round(c.lat)]; });
      ring.push(ring[0]);
      box.value = JSON.stringify({ type: 'Polygon', coordinates: [ring] });
      drawing = false;
      draw.setAttribute('aria-pressed', 'false');
      outline.setLatLngs(corners.concat([corners[0]]));
    });
  }

  // Uploading a file: its text goes into the GeoJSON box, to be checked on the server.
  var file = document.getElementById('geojson-file');
  if (file && box) {
    file.addEventListener('change', function () {
      var f = file.files && file.files[0];
      if (!f) return;
      var reader = new FileReader();
      reader.onload = function () { box.value = String(reader.result || ''); };
      reader.readAsText(f);
    });
  }

  // Picking a point: fills the latitude and longitude boxes of the form.
  var lat = document.getElementById('latitude') || document.getElementById('circle_latitude');
  var lon = document.getElementById('longitude') || document.getElementById('circle_longitude');
  var marker = null;
  map.on('click', function (e) {
    if (drawing) {
      corners.push(e.latlng);
      outline.setLatLngs(corners);
      return;
    }
    if (lat && lon) {
      lat.value = round(e.latlng.lat);
      lon.value = round(e.latlng.lng);
      if (marker) map.removeLayer(marker);
      marker = L.circleMarker(e.latlng, { radius: 6, color: '#0b0c0c' }).addTo(map);
    }
  });

  // With no tile server: the offline base layer of Essex (static/basemap/README.md) —
  // land on a sea-coloured background, the coast, rivers, county boundaries, towns and
  // villages by size, and postcode sectors once zoomed in. It has no roads: none could be
  // obtained as open data through the package registries; deployments set a tile server.
  function drawOfflineBase(map) {
    el.classList.add('concord-map--offline');
    var pane = map.createPane('concord-base');
    pane.style.zIndex = 150;
    pane.style.pointerEvents = 'none';
    // The names are context for the eye; the page's lists say everything the map shows.
    pane.setAttribute('aria-hidden', 'true');
    var attribution = L.control.attribution({ prefix: false }).addTo(map);
    attribution.addAttribution('Contains OS data © Crown copyright and database right 2025; Royal Mail data © Royal Mail copyright and database right 2025. Places © GeoNames, CC BY 4.0. Shoreline: GSHHG. No roads shown.');
    var request = new XMLHttpRequest();
    request.open('GET', '/assets/basemap/essex.geojson');
    request.responseType = 'json';
    request.onload = function () {
      var base = request.response;
      if (!base || !base.features) return;
      var labels = [];
      var style = {
        land: { stroke: false, fillColor: '#ffffff', fillOpacity: 1 },
        coast: { color: '#5694ca', weight: 1 },
        river: { color: '#5694ca', weight: 1.5 },
        boundary: { color: '#6f777b', weight: 1.5, dashArray: '6 4', fill: false }
      };
      L.geoJSON(base, {
        pane: 'concord-base',
        interactive: false,
        filter: function (f) { return !!style[f.properties.layer]; },
        style: function (f) { return style[f.properties.layer]; }
      }).addTo(map);
      base.features.forEach(function (f) {
        var layer = f.properties.layer;
        if (layer !== 'place' && layer !== 'sector') return;
        var span = document.createElement('span');
        span.textContent = f.properties.name;
        span.className = 'concord-map-label concord-map-label--' + layer + ' concord-map-label--rank' + (f.properties.rank || 5);
        var c = f.geometry.coordinates;
        var marker = L.marker([c[1], c[0]], {
          pane: 'concord-base',
          interactive: false,
          keyboard: false,
          icon: L.divIcon({ html: span, className: 'concord-map-label-box', iconSize: null })
        });
        labels.push({ marker: marker, minZoom: layer === 'sector' ? 14 : 8 + (f.properties.rank || 4) + 1 });
      });
      function showLabels() {
        var z = map.getZoom();
        labels.forEach(function (l) {
          if (z >= l.minZoom) { if (!map.hasLayer(l.marker)) l.marker.addTo(map); }
          else if (map.hasLayer(l.marker)) map.removeLayer(l.marker);
        });
      }
      map.on('zoomend', showLabels);
      showLabels();
    };
    request.send();
  }

  function round(x) {
    return Math.round(x * 1e6) / 1e6;
  }
})();
