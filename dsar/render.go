package dsar

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
)

// Formats a report renders to.
var Formats = []string{"json", "csv", "html"}

// ContentType returns the media type of a report format.
func ContentType(format string) string {
	switch format {
	case "csv":
		return "text/csv; charset=utf-8"
	case "html":
		return "text/html; charset=utf-8"
	}
	return "application/json"
}

// Render writes the report in format: json, csv or html.
func (rep *Report) Render(w io.Writer, format string) error {
	switch format {
	case "", "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	case "csv":
		return rep.renderCSV(w)
	case "html":
		return reportHTML.Execute(w, rep)
	}
	return fmt.Errorf("unknown report format %q (json, csv, html)", format)
}

// renderCSV writes one row per located value, the subject's in clear and
// others' masked, then one row per matching value of a record held back
// for review (masked, review "ambiguous"), then one row per file that is
// gone or unreadable.
func (rep *Report) renderCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"path", "table", "row", "line", "field", "pointer", "type", "category", "value", "subject", "expansion", "file_status", "review"})
	status := map[string]string{}
	for _, f := range rep.Files {
		status[f.Path] = f.Status
	}
	for _, rec := range rep.Records {
		table, row := "", ""
		if rec.Record != nil {
			table, row = rec.Record.Table, strconv.Itoa(rec.Record.Row)
		}
		for _, v := range rec.Values {
			val := v.Masked
			if v.Subject {
				val = v.Value
			}
			cw.Write(cells(rec.Path, table, row, strconv.FormatInt(v.Line, 10), v.Field, v.Pointer, v.Type, v.Category,
				val, strconv.FormatBool(v.Subject), strconv.FormatBool(rec.Expansion), status[rec.Path], ""))
		}
	}
	for _, rec := range rep.Review {
		table, row := "", ""
		if rec.Record != nil {
			table, row = rec.Record.Table, strconv.Itoa(rec.Record.Row)
		}
		for _, v := range rec.Matched {
			cw.Write(cells(rec.Path, table, row, strconv.FormatInt(v.Line, 10), v.Field, v.Pointer, v.Type, v.Category,
				v.Masked, "false", "false", status[rec.Path], "ambiguous"))
		}
	}
	for _, f := range rep.Files {
		if f.Status == "gone" || f.Status == "unreadable" {
			cw.Write(cells(f.Path, "", "", "", "", "", "", "", "", "", "", f.Status, ""))
		}
	}
	cw.Flush()
	return cw.Error()
}

// cells guards against formula injection (OWASP's CSV-injection rule): a
// cell beginning with '=', '+', '-', '@', a tab or a carriage return gets a
// leading apostrophe, so a spreadsheet shows it as text instead of running
// it. Phones ("+49 ...") and negative numbers are quoted too: a payload
// such as "-2+3+cmd|..." also begins with a sign and a digit.
func cells(vs ...string) []string {
	for i, v := range vs {
		if v != "" && strings.IndexByte("=+-@\t\r", v[0]) >= 0 {
			vs[i] = "'" + v
		}
	}
	return vs
}

// reportHTML is the letter to the data subject. It leaves out the records
// held back for review (Report.Review): they may be another person's (a
// reading of a value written without its country, a record reached only
// through a weak identifier), so they go to the controller in the JSON
// and CSV reports, never to the subject.
var reportHTML = template.Must(template.New("report").Funcs(template.FuncMap{
	"join": strings.Join,
	"date": func(t any) string {
		type formatter interface{ Format(string) string }
		if f, ok := t.(formatter); ok {
			return f.Format("2 January 2006")
		}
		return ""
	},
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Your personal data: access request {{.RequestID}}</title>
<style>
body { font: 11pt/1.45 Georgia, serif; max-width: 52em; margin: 2em auto; color: #111; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; font: 9.5pt/1.3 sans-serif; }
th, td { border: 1px solid #bbb; padding: .25em .4em; text-align: left; vertical-align: top; }
th { background: #eee; } td.v { font-family: monospace; } .masked { color: #777; }
.meta td:first-child { width: 14em; font-weight: bold; } .note { color: #555; font-style: italic; }
@media print { body { margin: 0; } h2 { page-break-after: avoid; } tr { page-break-inside: avoid; } }
</style>
</head>
<body>
<h1>Your personal data</h1>
<p>Dear {{.Subject.Name}},</p>
<p>You asked for access to the personal data we hold about you (Article 15 GDPR).
This report lists where we found it, a copy of it, and why and how we process it.
Data of other people found beside yours is masked.</p>

<h2>Summary</h2>
<table class="meta">
<tr><td>Request</td><td>{{.RequestID}}</td></tr>
<tr><td>Received</td><td>{{date .ReceivedAt}}</td></tr>
<tr><td>Answer due</td><td>{{date .DueAt}}{{with .Extension}} (extended by {{.Months}} month(s): {{.Reason}}){{end}}</td></tr>
<tr><td>Report generated</td><td>{{date .GeneratedAt}}</td></tr>
<tr><td>Records found</td><td>{{.Summary.Records}} in {{.Summary.Files}} file(s), {{.Summary.Values}} values</td></tr>
<tr><td>Categories of data</td><td>{{join .Summary.Categories ", "}}</td></tr>
</table>
<p>We searched for:</p>
<table>
<tr><th>Identifier</th><th>Value</th><th>Found</th></tr>
{{range .Subject.Identifiers}}<tr><td>{{.Type}}</td><td class="v">{{.Value}}</td><td>{{.Occurrences}} time(s)</td></tr>
{{end}}</table>
{{with .Expansion}}<p>We also searched for identifiers found beside yours (marked "found through a linked identifier" below):</p>
<table><tr><th>Identifier</th><th>Value</th><th>Records holding it</th></tr>
{{range .}}<tr><td>{{.Type}}</td><td class="v">{{.Masked}}</td><td>{{.Records}}</td></tr>
{{end}}</table>{{end}}
{{range .Notes}}<p class="note">{{.}}</p>{{end}}

<h2>Why we process your data</h2>
{{range .Categories}}<h3>{{.Category}} ({{join .Types ", "}})</h3>
{{if .Undocumented}}<p class="note">No entry of our data inventory covers this category yet.</p>
{{else}}{{range .Processing}}<table class="meta">
<tr><td>Processing</td><td>{{.Name}}</td></tr>
<tr><td>Purposes</td><td>{{join .Purposes "; "}}</td></tr>
<tr><td>Legal basis</td><td>{{.LegalBasis}}</td></tr>
<tr><td>Recipients</td><td>{{join .Recipients "; "}}</td></tr>
<tr><td>Retention</td><td>{{.Retention}}</td></tr>
<tr><td>Source</td><td>{{.Source}}</td></tr>
<tr><td>Automated decisions</td><td>{{.AutomatedDecisionMaking}}</td></tr>
<tr><td>Transfers outside the EEA</td><td>{{.Transfers}}</td></tr>
</table>
{{end}}{{end}}{{end}}

<h2>Where your data is, and a copy of it</h2>
{{range .Records}}<p><b>{{.Path}}</b>{{with .Record}}, {{if .Table}}table {{.Table}}, {{end}}record {{.Row}}{{else}}, line {{.Line}}{{end}}{{if .Expansion}} <span class="note">(found through a linked identifier)</span>{{end}}</p>
<table>
<tr><th>Field</th><th>Type</th><th>Value</th></tr>
{{range .Values}}<tr><td>{{if .Field}}{{.Field}}{{else}}{{.Pointer}}{{end}}</td><td>{{.Type}}</td>{{if .Subject}}<td class="v">{{.Value}}</td>{{else}}<td class="v masked">{{.Masked}} (another person's)</td>{{end}}</tr>
{{end}}</table>
{{else}}<p>We found no personal data about you in the files we monitor.</p>
{{end}}
{{range .Files}}{{if .Note}}<p class="note">{{.Path}}: {{.Note}}</p>{{end}}{{end}}
</body>
</html>
`))
