package api

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/piid/piid/scanner/records"
)

// openAPIDoc is the part of api/openapi.yaml the test holds against the
// server.
type openAPIDoc struct {
	OpenAPI    string                          `yaml:"openapi"`
	Paths      map[string]map[string]yaml.Node `yaml:"paths"`
	Security   []map[string][]string           `yaml:"security"`
	Components struct {
		SecuritySchemes map[string]struct {
			Type   string `yaml:"type"`
			Scheme string `yaml:"scheme"`
		} `yaml:"securitySchemes"`
	} `yaml:"components"`
}

type openAPIOperation struct {
	Security  *[]map[string][]string `yaml:"security"`
	Responses map[string]yaml.Node   `yaml:"responses"`
}

var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// pathParam matches an OpenAPI path parameter or a ServeMux wildcard
// ({id}, {rest...}).
var pathParam = regexp.MustCompile(`\{[^}/]*\}`)

// canonRoute writes a route as "METHOD /path/{}": parameters unnamed, so
// that the spec and the mux may name them differently.
func canonRoute(method, path string) string {
	return strings.ToUpper(method) + " " + pathParam.ReplaceAllString(path, "{}")
}

func loadOpenAPI(t *testing.T) (*openAPIDoc, *yaml.Node) {
	t.Helper()
	var root yaml.Node
	if err := yaml.Unmarshal(openAPI, &root); err != nil {
		t.Fatalf("api/openapi.yaml: %v", err)
	}
	var doc openAPIDoc
	if err := root.Decode(&doc); err != nil {
		t.Fatalf("api/openapi.yaml: %v", err)
	}
	return &doc, &root
}

// TestOpenAPIMatchesRoutes holds api/openapi.yaml against the routes the
// server registers: the same (method, path) pairs, bearer security exactly
// on the routes that require the token, and the error answers of each.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	doc, _ := loadOpenAPI(t)
	if !strings.HasPrefix(doc.OpenAPI, "3.1.") {
		t.Errorf("openapi: %q, want 3.1.x", doc.OpenAPI)
	}
	if s := doc.Components.SecuritySchemes["bearer"]; s.Type != "http" || s.Scheme != "bearer" {
		t.Errorf("security scheme bearer: %+v", s)
	}

	s, err := NewServer(Config{Backend: newTestBackend(t), Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	served := make(map[string]route)
	for _, r := range s.routes {
		k := canonRoute(r.Method, r.Path)
		if _, dup := served[k]; dup {
			t.Errorf("route %s registered twice", k)
		}
		served[k] = r
	}

	specified := make(map[string]bool)
	for path, item := range doc.Paths {
		for method, node := range item {
			if !slices.Contains(httpMethods, method) {
				continue // parameters, summary, ...
			}
			k := canonRoute(method, path)
			specified[k] = true
			r, ok := served[k]
			if !ok {
				t.Errorf("api/openapi.yaml has %s %s; the server does not serve it", strings.ToUpper(method), path)
				continue
			}
			var op openAPIOperation
			if err := node.Decode(&op); err != nil {
				t.Fatalf("%s: %v", k, err)
			}
			security := doc.Security
			if op.Security != nil {
				security = *op.Security
			}
			secured := slices.ContainsFunc(security, func(req map[string][]string) bool {
				_, ok := req["bearer"]
				return ok
			})
			if secured != r.Auth {
				t.Errorf("%s: bearer security in the spec %v, token required by the server %v", k, secured, r.Auth)
			}
			if r.Auth != strings.HasPrefix(r.Path, "/v1/") {
				t.Errorf("%s: auth %v; every /v1/ route and only they need the token", k, r.Auth)
			}
			if _, ok := op.Responses["200"]; !ok && r.Method == "GET" {
				t.Errorf("%s: no 200 response", k)
			}
			if r.Auth {
				if _, ok := op.Responses["401"]; !ok {
					t.Errorf("%s: no 401 response", k)
				}
			}
			if r.Method == "POST" {
				for _, code := range []string{"400", "413"} {
					if _, ok := op.Responses[code]; !ok {
						t.Errorf("%s: no %s response", k, code)
					}
				}
			}
		}
	}
	for k, r := range served {
		if !specified[k] {
			t.Errorf("the server serves %s; api/openapi.yaml does not describe it", r.pattern())
		}
	}
	if len(served) == 0 || len(specified) != len(served) {
		t.Errorf("%d routes served, %d specified", len(served), len(specified))
	}
}

// TestOpenAPIRefs checks every $ref of api/openapi.yaml points at
// something in it.
func TestOpenAPIRefs(t *testing.T) {
	_, root := loadOpenAPI(t)
	var walk func(n *yaml.Node)
	refs := 0
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == "$ref" {
					refs++
					if !resolves(root.Content[0], n.Content[i+1].Value) {
						t.Errorf("line %d: $ref %q resolves to nothing", n.Content[i+1].Line, n.Content[i+1].Value)
					}
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(root)
	if refs == 0 {
		t.Error("no $ref found")
	}
}

// resolves reports whether the local JSON pointer ref ("#/a/b") names a
// node of doc.
func resolves(doc *yaml.Node, ref string) bool {
	ptr, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return false
	}
	toks, ok := records.SplitPointer(ptr)
	if !ok || len(toks) == 0 {
		return false
	}
	n := doc
	for _, tok := range toks {
		if n.Kind != yaml.MappingNode {
			return false
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == tok {
				next = n.Content[i+1]
				break
			}
		}
		if next == nil {
			return false
		}
		n = next
	}
	return true
}
