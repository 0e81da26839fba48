package review

import (
	"encoding/json"
	"html/template"
	"io"
)

// The HTML page is one file with its CSS, script and data inline and no
// network reference: the script draws an SVG bar chart per table from the
// report's JSON (deletes and restores per month), so the page shows the
// same figures as the JSON format.

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"share":  func(t *Table) float64 { return t.Share * 100 },
	"bytes":  bytes,
	"oldest": func(t *Table) string { return t.oldestLine() },
	"timed":  func(t *Table) string { return t.timedLine() },
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Storage and restore review: {{.R.Policy}}</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; color: #1d232a; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border-bottom: 1px solid #d6dbe0; padding: .25em .6em; text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
.overdue { color: #a01c1c; font-weight: 600; }
.note { color: #55606b; font-size: .9em; }
svg.chart { display: block; margin: .5em 0 1.5em; }
.bar.deletes { fill: #7a8794; } .bar.restores { fill: #2f7d4f; }
.legend span { display: inline-block; width: .8em; height: .8em; margin: 0 .3em 0 1em; }
</style>
</head>
<body>
<h1>Storage and restore review</h1>
<p>{{.R.Policy}} ({{.R.Dialect}}), {{.Span}}.</p>
<table id="tables">
<thead><tr><th>table</th><th>rule</th><th>rows</th><th>live</th><th>tombstones</th><th>share</th><th>space</th><th>oldest tombstone</th><th>past its timed rule</th></tr></thead>
<tbody>
{{range .R.Tables}}<tr data-table="{{.Name}}"><td>{{.Name}}</td><td>{{.Rule}}</td><td class="rows">{{.Rows}}</td><td class="live">{{.Live}}</td><td class="tombstones">{{if eq .Rule "soft"}}{{.Tombstones}}{{end}}</td><td>{{if eq .Rule "soft"}}{{printf "%.1f%%" (share .)}}{{end}}</td><td{{with .Space}} title="{{.Method}}"{{end}}>{{with .Space}}{{bytes .Bytes}}{{end}}</td><td>{{oldest .}}</td><td class="past{{with .Timed}}{{if .Overdue}} overdue{{end}}{{end}}">{{with .Timed}}{{.Past}} ({{.Action}}){{end}}</td></tr>
{{end}}</tbody>
</table>
{{range .R.Tables}}{{if and .Timed .Timed.Overdue}}<p class="overdue">{{.Name}}: {{timed .}}</p>{{end}}{{end}}
{{if .R.Audited}}
<h2>Restores</h2>
<ul id="restores">
{{range .R.Tables}}{{if .Restores}}<li><strong>{{.Name}}</strong>: {{.Restores.Summary}}</li>{{end}}{{end}}</ul>
<h2>Deletes and restores per month</h2>
<p class="legend"><span class="key" style="background:#7a8794"></span>deletes<span class="key" style="background:#2f7d4f"></span>restores</p>
<div id="charts"></div>
{{else}}
<p class="note">The policy has no audit trail: no monthly counts or restore times.</p>
{{end}}
<script type="application/json" id="report-data">{{.Data}}</script>
<script>
(function () {
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var root = document.getElementById("charts");
  if (!root || !data.audited) return;
  var NS = "http://www.w3.org/2000/svg";
  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  data.tables.forEach(function (t) {
    var h = document.createElement("h3");
    h.textContent = t.name;
    root.appendChild(h);
    var months = t.monthly, top = 1;
    months.forEach(function (m) { top = Math.max(top, m.deletes, m.restores); });
    var bw = 20, gap = 18, H = 120, W = months.length * (2 * bw + gap) + 60;
    var svg = el("svg", {"class": "chart", "data-table": t.name, width: W, height: H + 40, viewBox: "0 0 " + W + " " + (H + 40), role: "img"}, root);
    el("title", {}, svg).textContent = t.name + ": deletes and restores per month";
    el("line", {x1: 40, y1: H + 5, x2: W, y2: H + 5, stroke: "#99a3ad"}, svg);
    el("text", {x: 35, y: 15, "text-anchor": "end", "font-size": 11}, svg).textContent = top;
    months.forEach(function (m, i) {
      var x = 45 + i * (2 * bw + gap);
      [["deletes", m.deletes], ["restores", m.restores]].forEach(function (s, j) {
        var hh = Math.round(H * s[1] / top);
        var r = el("rect", {"class": "bar " + s[0], "data-month": m.month, "data-value": s[1], x: x + j * bw, y: H + 5 - hh, width: bw - 2, height: hh}, svg);
        el("title", {}, r).textContent = m.month + ": " + s[1] + " " + s[0];
      });
      el("text", {x: x + bw, y: H + 22, "text-anchor": "middle", "font-size": 11}, svg).textContent = m.month;
    });
  });
  root.setAttribute("data-drawn", String(data.tables.length));
})();
</script>
</body>
</html>
`))

func (r *Report) writeHTML(w io.Writer) error {
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return page.Execute(w, struct {
		R    *Report
		Span string
		Data template.JS
	}{r, r.span(), template.JS(data)})
}
