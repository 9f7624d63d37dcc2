package output

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/piid/piid/scanner"
)

// SARIF constants.
const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	// FingerprintKey names the partial fingerprint carrying Finding.Hash.
	FingerprintKey = "piidHash/v1"
)

type sarifText struct {
	Text string `json:"text"`
}

type sarifRuleProps struct {
	Category string `json:"category,omitempty"`
}

type sarifRule struct {
	ID               string          `json:"id"`
	Name             string          `json:"name"`
	ShortDescription sarifText       `json:"shortDescription"`
	Properties       *sarifRuleProps `json:"properties,omitempty"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifRegion struct {
	StartLine  int64 `json:"startLine,omitempty"`
	ByteOffset int64 `json:"byteOffset"`
	ByteLength int64 `json:"byteLength"`
}

type sarifArtifactLocation struct {
	URI string `json:"uri"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           sarifRegion           `json:"region"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
}

type sarifResultProps struct {
	Confidence float64         `json:"confidence"`
	Category   string          `json:"category,omitempty"`
	Record     *scanner.Record `json:"record,omitempty"`
	// Value is the raw value, present only when the scan revealed it.
	Value string `json:"value,omitempty"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           *int              `json:"ruleIndex,omitempty"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
	Properties          sarifResultProps  `json:"properties"`
}

// sarifEncoder writes a SARIF 2.1.0 log with one run. The header, up to
// `"results": [`, is written on first use; results follow one per line as
// they come and Close writes the trailer.
type sarifEncoder struct {
	bw        *bufio.Writer
	js        *compactJSON
	tool      sarifTool
	ruleIndex map[string]int
	started   bool
	n         int
	closed    bool
}

func newSARIF(w io.Writer, opts Options) *sarifEncoder {
	name := opts.ToolName
	if name == "" {
		name = "piid"
	}
	rules := slices.Clone(opts.Rules)
	slices.SortStableFunc(rules, func(a, b Rule) int { return strings.Compare(a.ID, b.ID) })
	e := &sarifEncoder{
		bw:        bufio.NewWriter(w),
		js:        newCompactJSON(),
		ruleIndex: make(map[string]int, len(rules)),
		tool: sarifTool{Driver: sarifDriver{
			Name:           name,
			Version:        opts.ToolVersion,
			InformationURI: opts.InformationURI,
			Rules:          []sarifRule{},
		}},
	}
	for _, r := range rules {
		if r.ID == "" {
			continue
		}
		if _, dup := e.ruleIndex[r.ID]; dup {
			continue
		}
		desc := r.Description
		if desc == "" {
			desc = r.ID
		}
		sr := sarifRule{ID: r.ID, Name: r.ID, ShortDescription: sarifText{Text: desc}}
		if r.Category != "" {
			sr.Properties = &sarifRuleProps{Category: r.Category}
		}
		e.ruleIndex[r.ID] = len(e.tool.Driver.Rules)
		e.tool.Driver.Rules = append(e.tool.Driver.Rules, sr)
	}
	return e
}

func (e *sarifEncoder) header() error {
	if e.started {
		return nil
	}
	e.started = true
	var tool bytes.Buffer
	enc := json.NewEncoder(&tool)
	enc.SetEscapeHTML(false)
	enc.SetIndent("      ", "  ")
	if err := enc.Encode(e.tool); err != nil {
		return err
	}
	e.bw.WriteString("{\n")
	e.bw.WriteString(`  "$schema": "` + sarifSchema + "\",\n")
	e.bw.WriteString(`  "version": "` + sarifVersion + "\",\n")
	e.bw.WriteString("  \"runs\": [\n    {\n")
	e.bw.WriteString(`      "tool": `)
	e.bw.Write(bytes.TrimSuffix(tool.Bytes(), []byte{'\n'}))
	e.bw.WriteString(",\n      \"results\": [")
	return nil
}

func (e *sarifEncoder) Write(f *scanner.Finding) error {
	if e.closed {
		return errClosed
	}
	if f == nil {
		return errNilFinding
	}
	if err := e.header(); err != nil {
		return err
	}
	b, err := e.js.marshal(sarifResultFor(f, e.ruleIndex))
	if err != nil {
		return err
	}
	if e.n > 0 {
		e.bw.WriteByte(',')
	}
	e.bw.WriteString("\n        ")
	e.n++
	_, err = e.bw.Write(b)
	return err
}

func (e *sarifEncoder) Close() error {
	if e.closed {
		return nil
	}
	e.closed = true
	if err := e.header(); err != nil {
		return err
	}
	if e.n > 0 {
		e.bw.WriteString("\n      ")
	}
	e.bw.WriteString("]\n    }\n  ]\n}\n")
	return e.bw.Flush()
}

func sarifResultFor(f *scanner.Finding, ruleIndex map[string]int) *sarifResult {
	r := &sarifResult{
		RuleID:  f.Type,
		Level:   sarifLevel(f.Confidence),
		Message: sarifText{Text: sarifMessage(f)},
		Locations: []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{
			ArtifactLocation: sarifArtifactLocation{URI: artifactURI(f.Path)},
			Region: sarifRegion{
				StartLine:  max(f.Line, 0),
				ByteOffset: max(f.Start, 0),
				ByteLength: max(f.End-f.Start, 0),
			},
		}}},
		Properties: sarifResultProps{
			Confidence: f.Confidence,
			Category:   f.Category,
			Record:     f.Record,
			Value:      f.Value,
		},
	}
	if i, ok := ruleIndex[f.Type]; ok {
		r.RuleIndex = &i
	}
	if !f.Hash.IsZero() {
		r.PartialFingerprints = map[string]string{FingerprintKey: f.Hash.String()}
	}
	return r
}

// sarifLevel maps confidence to a SARIF level.
func sarifLevel(conf float64) string {
	switch {
	case conf >= 0.8:
		return "error"
	case conf >= 0.5:
		return "warning"
	}
	return "note"
}

// sarifMessage is e.g. "email (j***@e***.com) with confidence 0.95". It uses
// the masked preview only: the raw value never goes in a message.
func sarifMessage(f *scanner.Finding) string {
	var b strings.Builder
	b.WriteString(f.Type)
	if f.Masked != "" {
		b.WriteString(" (")
		b.WriteString(f.Masked)
		b.WriteString(")")
	}
	b.WriteString(" with confidence ")
	b.WriteString(strconv.FormatFloat(f.Confidence, 'f', 2, 64))
	return b.String()
}

// artifactURI turns a scanned path into a SARIF artifact URI: relative paths
// stay relative, absolute ones become file:// URIs, and every segment is
// percent-escaped except for "!", which separates an archive from its member
// (e.g. "backup.zip!users.csv").
func artifactURI(path string) string {
	abs := filepath.IsAbs(path)
	p := filepath.ToSlash(path)
	if strings.HasPrefix(p, "/") {
		abs = true
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		s = strings.ReplaceAll(url.PathEscape(s), "%21", "!")
		if i == 0 && !abs {
			// A colon in the first segment of a relative reference would
			// read as a scheme.
			s = strings.ReplaceAll(s, ":", "%3A")
		}
		segs[i] = s
	}
	u := strings.Join(segs, "/")
	if abs {
		if !strings.HasPrefix(u, "/") {
			u = "/" + u // Windows drive, C:/x -> file:///C:/x
		}
		u = "file://" + u
	}
	return u
}
