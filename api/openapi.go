package api

import (
	_ "embed"
	"net/http"
)

// openAPI is the API's OpenAPI 3.1 description, served at GET /openapi.yaml.
//
//go:embed openapi.yaml
var openAPI []byte

// OpenAPI returns the API's OpenAPI 3.1 description (YAML).
func OpenAPI() []byte { return append([]byte(nil), openAPI...) }

// GET /openapi.yaml.
func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	// RFC 9512 registers application/yaml; browsers show it as text.
	h.Set("Content-Type", "application/yaml")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	w.Write(openAPI)
}
