// SPDX-License-Identifier: ISC
// manrs serve dashboard: the page is complete without this script (the
// server renders every table); the script only refreshes the tables from
// the JSON API (/api/v1/...) every few seconds, with no library.
"use strict";
(function () {
  const REFRESH_MS = 3000;

  function text(v) { return v === null || v === undefined ? "" : String(v); }

  function cell(tr, value, cls) {
    const td = document.createElement("td");
    td.textContent = text(value);
    if (cls) td.className = cls;
    tr.appendChild(td);
    return td;
  }

  function fill(id, rows, render) {
    const body = document.getElementById(id);
    if (!body) return;
    const fresh = document.createElement("tbody");
    fresh.id = id;
    for (const row of rows) fresh.appendChild(render(row));
    if (!rows.length) {
      const tr = document.createElement("tr");
      const td = cell(tr, body.dataset.empty || "none", "muted");
      td.colSpan = 20;
      fresh.appendChild(tr);
    }
    fresh.dataset.empty = body.dataset.empty || "none";
    fresh.dataset.source = "api";
    body.replaceWith(fresh);
  }

  function age(iso) {
    if (!iso) return "";
    const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    if (s < 120) return s + " s";
    if (s < 7200) return Math.round(s / 60) + " min";
    if (s < 172800) return Math.round(s / 3600) + " h";
    return Math.round(s / 86400) + " d";
  }

  function sourceDetail(s) {
    let t = s.file_size === null ? "file missing" : s.objects + " objects, " + s.file_size + " bytes";
    if (s.fetching) t += "; fetching now";
    else if (s.result) t += "; last run " + s.result + " at " + s.last_attempt;
    if (s.stale) t += "; STALE";
    return t;
  }

  function freshnessRows(st) {
    const rows = [];
    const sv = st.services || {};
    if (sv.rtr) rows.push(["rtr", sv.rtr.data_time, sv.rtr.last_reload, sv.rtr.last_error,
      sv.rtr.vrps + " VRPs, " + sv.rtr.aspas + " ASPAs, serial " + sv.rtr.serial]);
    if (sv.whois) rows.push(["whois", sv.whois.data_time, sv.whois.last_reload,
      sv.whois.last_error, sv.whois.routes + " routes"]);
    if (sv.monitor) rows.push(["monitor", sv.monitor.data_time, null, null,
      sv.monitor.routes + " routes from " + sv.monitor.peers + " peers"]);
    for (const s of st.sources || []) rows.push(["source " + s.name, s.last_change || s.file_time,
      s.last_success, s.last_error, sourceDetail(s)]);
    return rows;
  }

  function renderFreshness(r) {
    const tr = document.createElement("tr");
    cell(tr, r[0]);
    cell(tr, r[1] || "never");
    cell(tr, age(r[1]), "num");
    cell(tr, r[2] || "");
    cell(tr, r[3] ? r[3] : "ok", r[3] ? "bad" : "ok");
    cell(tr, r[4]);
    return tr;
  }

  function renderClient(c) {
    const tr = document.createElement("tr");
    cell(tr, c.address);
    cell(tr, c.version, "num");
    cell(tr, c.serial, "num");
    cell(tr, c.synced ? "yes" : "no", c.synced ? "ok" : "bad");
    cell(tr, c.connected_since);
    return tr;
  }

  function renderAlert(a) {
    const tr = document.createElement("tr");
    tr.dataset.alertId = a.id;
    cell(tr, a.id, "num");
    cell(tr, a.type);
    cell(tr, a.severity, "sev-" + a.severity);
    cell(tr, a.prefix);
    cell(tr, a.offender_as ? "AS" + a.offender_as : "");
    cell(tr, a.peers, "num");
    cell(tr, a.first_seen);
    const td = cell(tr, "");
    const det = document.createElement("details");
    const sum = document.createElement("summary");
    sum.textContent = a.description;
    det.appendChild(sum);
    for (const s of a.samples || []) {
      const p = document.createElement("div");
      p.textContent = "peer AS" + s.peer_as + " (" + s.peer + "): " + (s.path || []).join(" ");
      det.appendChild(p);
    }
    td.appendChild(det);
    return tr;
  }

  function peersOf(bmp) {
    const rows = [];
    for (const r of bmp.router_list || [])
      for (const p of r.peers || [])
        rows.push({ router: r.name, connected: r.connected, peer: p });
    return rows;
  }

  function renderPeer(x) {
    const tr = document.createElement("tr");
    const routes = x.peer.routes || {};
    cell(tr, x.router + (x.connected ? "" : " (gone)"));
    cell(tr, x.peer.address);
    cell(tr, "AS" + x.peer.asn);
    cell(tr, x.peer.state, x.peer.state === "up" ? "ok" : "bad");
    cell(tr, routes["pre-policy"] || 0, "num");
    cell(tr, x.peer.updates, "num");
    return tr;
  }

  const SVG = "http://www.w3.org/2000/svg";
  function svgEl(name, attrs, parent) {
    const el = document.createElementNS(SVG, name);
    for (const k in attrs) el.setAttribute(k, attrs[k]);
    parent.appendChild(el);
    return el;
  }

  function renderChart(inc) {
    const old = document.getElementById("incidents-chart");
    if (!old) return;
    const W = 720, H = 160, B = 20;
    const svg = document.createElementNS(SVG, "svg");
    svg.id = "incidents-chart";
    svg.setAttribute("viewBox", "0 0 " + W + " " + (H + B));
    svg.setAttribute("width", W);
    svg.setAttribute("height", H + B);
    svg.setAttribute("role", "img");
    svg.dataset.source = "api";
    const bs = inc.buckets || [];
    let max = 1;
    for (const b of bs) max = Math.max(max, b.total);
    const w = bs.length ? W / bs.length : W;
    bs.forEach(function (b, i) {
      const h = Math.round((b.total / max) * (H - 10));
      const r = svgEl("rect", { class: "bar", x: (i * w + 1).toFixed(1), y: H - h,
        width: Math.max(1, w - 2).toFixed(1), height: h }, svg);
      const t = svgEl("title", {}, r);
      t.textContent = new Date(b.start * 1000).toISOString() + ": " + b.total + " alerts (" +
        Object.entries(b.by_type).map(function (e) { return e[1] + " " + e[0]; }).join(", ") + ")";
    });
    svgEl("line", { class: "axis", x1: 0, y1: H, x2: W, y2: H }, svg);
    if (bs.length) {
      const a = svgEl("text", { x: 0, y: H + 14 }, svg);
      a.textContent = new Date(bs[0].start * 1000).toISOString();
      const z = svgEl("text", { x: W, y: H + 14, "text-anchor": "end" }, svg);
      z.textContent = new Date(bs[bs.length - 1].start * 1000).toISOString();
    }
    old.replaceWith(svg);
    const n = document.getElementById("incident-count");
    if (n) n.textContent = String(inc.alerts);
  }

  async function get(path) {
    const r = await fetch(path, { cache: "no-store" });
    if (!r.ok) return null;
    return r.json();
  }

  async function refresh() {
    try {
      const [st, rtr, alerts, bmp, inc] = await Promise.all([
        get("/api/v1/status"), get("/api/v1/rtr/clients"), get("/api/v1/alerts?state=open&limit=200"),
        get("/api/v1/bmp"), get("/api/v1/incidents")]);
      if (st) fill("freshness", freshnessRows(st), renderFreshness);
      if (rtr) fill("rtr-clients", rtr.clients, renderClient);
      if (alerts) {
        fill("alerts", alerts.alerts, renderAlert);
        const n = document.getElementById("alert-count");
        if (n) n.textContent = String(alerts.count);
      }
      if (bmp) fill("bmp-peers", peersOf(bmp), renderPeer);
      if (inc) renderChart(inc);
      const u = document.getElementById("updated");
      if (u) u.textContent = "updated " + new Date().toISOString();
    } catch (e) {
      const u = document.getElementById("updated");
      if (u) u.textContent = "refresh failed: " + e;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    refresh();
    setInterval(refresh, REFRESH_MS);
  });
})();
