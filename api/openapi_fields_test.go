package api

import (
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/piid/piid/dsar"
	"github.com/piid/piid/dsar/erasure"
	"github.com/piid/piid/index"
	"github.com/piid/piid/scanner"
)

// TestOpenAPISchemasNameEveryField holds the schemas of api/openapi.yaml
// against the types the handlers serve: every JSON field of the type is a
// property of its schema (a field the spec does not name is one a client
// cannot know of).
func TestOpenAPISchemasNameEveryField(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]yaml.Node `yaml:"properties"`
			} `yaml:"schemas"`
		} `yaml:"components"`
	}
	if err := yaml.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		schema string
		v      any
		skip   string // a field the API never serves
	}{
		{"Finding", scanner.Finding{}, "value"},
		{"RecordResult", index.RecordResult{}, ""},
		{"SearchResult", index.SearchResult{}, ""},
		{"DSARReport", dsar.Report{}, ""},
		{"ErasureItem", erasure.Item{}, ""},
		{"Erasure", erasure.Erasure{}, ""},
	} {
		props := doc.Components.Schemas[c.schema].Properties
		if props == nil {
			t.Errorf("no schema %s", c.schema)
			continue
		}
		typ := reflect.TypeOf(c.v)
		for i := range typ.NumField() {
			f := typ.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" || name == c.skip {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if _, ok := props[name]; !ok {
				t.Errorf("schema %s has no property %q (%s.%s)", c.schema, name, typ, f.Name)
			}
		}
	}
}
