// refwatch incident map: replaces the server-drawn SVG with a Leaflet map when scripts run.
// Everything comes from our own origin: Leaflet (npm `leaflet`), country shapes converted from
// Natural Earth (npm `world-atlas`) by the server, and the published incidents as GeoJSON.
// No tiles are requested unless the page names a tile URL (the MAP_TILE_URL setting).
(function () {
  "use strict";

  var box = document.getElementById("leaflet-map");
  if (!box || typeof window.L === "undefined" || !window.fetch) {
    return; // the SVG map and the list below it already work
  }

  var HELD = ["detained", "at_risk", "transferred", "sentenced"];
  var CLOSED = ["repatriated", "died"];

  function colour(status) {
    if (HELD.indexOf(status) >= 0) { return "#a4161a"; }
    if (CLOSED.indexOf(status) >= 0) { return "#1b1b1f"; }
    return "#1d6b38";
  }

  function getJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (answer) {
      if (!answer.ok) { throw new Error(url + " answered " + answer.status); }
      return answer.json();
    });
  }

  function addIncidents(map, data) {
    var layer = L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, {
          radius: 8, weight: 2, color: "#ffffff", fillOpacity: 0.9,
          fillColor: colour(feature.properties.status)
        });
      },
      onEachFeature: function (feature, marker) {
        var link = document.createElement("a");
        link.href = feature.properties.url;
        var svgDot = document.querySelector('#incident-map-svg a[href="' + feature.properties.url + '"] title');
        link.textContent = svgDot ? svgDot.textContent : feature.id;
        marker.bindPopup(link);
      }
    }).addTo(map);
    if (layer.getLayers().length) {
      map.fitBounds(layer.getBounds().pad(0.3), { maxZoom: 5 });
    }
  }

  // Without tiles the 1:110m country shapes are all there is to see: do not zoom past them.
  function tilesMaxZoom() { return box.getAttribute("data-tiles") ? 12 : 6; }

  var map = L.map(box, { worldCopyJump: true, minZoom: 2, maxZoom: tilesMaxZoom(), zoomSnap: 0.5 });
  map.attributionControl.setPrefix("Leaflet");
  map.setView([32, 112], 4);
  var tiles = box.getAttribute("data-tiles");
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 10 }).addTo(map);
  }

  box.hidden = false;
  box.setAttribute("role", "region");
  box.setAttribute("aria-label", box.getAttribute("data-label") || "map");
  var figure = document.getElementById("svg-map-figure");
  if (figure) { figure.hidden = true; }
  map.invalidateSize();

  getJson(box.getAttribute("data-countries"))
    .then(function (shapes) {
      if (!tiles) {
        L.geoJSON(shapes, {
          style: { color: "#7d828c", weight: 1, fillColor: "#f3f1ea", fillOpacity: 1 },
          interactive: false
        }).addTo(map);
        map.attributionControl.addAttribution("Natural Earth");
      }
    })
    .catch(function () { /* the markers are still worth showing */ })
    .then(function () { return getJson(box.getAttribute("data-incidents")); })
    .then(function (data) { addIncidents(map, data); })
    .catch(function () {
      box.hidden = true;
      if (figure) { figure.hidden = false; }
    });
})();
