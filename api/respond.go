package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/piid/piid/patterns"
)

// Error codes of the error shape {"error": {"code", "message"}}.
const (
	codeBadRequest       = "bad_request"
	codeUnauthorized     = "unauthorized"
	codeForbidden        = "forbidden"
	codeNotFound         = "not_found"
	codeConflict         = "conflict"
	codeMethodNotAllowed = "method_not_allowed"
	codeTooLarge         = "too_large"
	codeNotReady         = "not_ready"
	codeUnavailable      = "unavailable"
	codeIndexCorrupt     = "index_corrupt"
	codeInternal         = "internal"
	// codeAmbiguous is an identifier refused as a guess (a national phone
	// number valid in several regions, a date read either way).
	codeAmbiguous = "ambiguous_identifier"
)

// msgInternal is all a client learns of an internal error; the detail goes
// to the log.
const msgInternal = "internal error; see the daemon's log"

// msgIndexCorrupt is the answer to a read that met damage in the index:
// what the operator does about it (the damaged entry is in the log).
const msgIndexCorrupt = "the index is damaged (the daemon's log names the damage) and cannot answer soundly: " +
	"stop the daemon, run `piid index verify --data DIR`, then `piid index rebuild --data DIR` " +
	"(or start the daemon with --rebuild-on-corruption)"

// maxBody bounds request bodies: identifiers and paths are small, so 1 MiB
// is generous and bounds what one request can make the daemon decode.
const maxBody = 1 << 20

// errorBody is the error shape.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// writeJSON answers status with v as JSON. It encodes before writing, so
// that an encoding failure is a clean 500, never half a body.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		internalError(w, fmt.Errorf("api: encode response: %w", err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Content-Type-Options", "nosniff")
	// Answers describe personal data (where it is, masked): no cache
	// between here and the client keeps them.
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// writeError answers with the error shape.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, errorBody{errorDetail{Code: code, Message: msg}})
}

// internalError answers 500 with a generic message and hands err to the
// request's log line.
func internalError(w http.ResponseWriter, err error) {
	if rec, ok := w.(*recorder); ok {
		rec.err = err
	}
	writeError(w, http.StatusInternalServerError, codeInternal, msgInternal)
}

// requireToken lets through requests with the bearer token and answers
// 401 to the others.
func (s *Server) requireToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearer(r.Header.Get("Authorization"))
		if !ok {
			w.Header().Set("WWW-Authenticate", "Bearer")
			writeError(w, http.StatusUnauthorized, codeUnauthorized, "missing bearer token (Authorization: Bearer <token>)")
			return
		}
		// Digests have one length, so the comparison takes the same
		// time whatever the token sent, and reveals not even its length.
		sum := sha256.Sum256([]byte(token))
		if subtle.ConstantTimeCompare(sum[:], s.tokenSum[:]) != 1 {
			w.Header().Set("WWW-Authenticate", "Bearer")
			writeError(w, http.StatusUnauthorized, codeUnauthorized, "invalid bearer token")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// bearer returns the token of an "Authorization: Bearer <token>" header
// (the scheme is case-insensitive, RFC 9110 §11.1).
func bearer(h string) (string, bool) {
	const scheme = "bearer "
	if len(h) <= len(scheme) || !strings.EqualFold(h[:len(scheme)], scheme) {
		return "", false
	}
	token := strings.TrimSpace(h[len(scheme):])
	return token, token != ""
}

// decodeBody decodes the JSON object of r's body into v: at most maxBody
// bytes, no unknown fields, nothing after it. The Content-Type is not
// checked: a JSON body is accepted whatever the client called it. On
// failure it answers (400 or 413) and returns false.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	if r.ContentLength > maxBody {
		tooLarge(w)
		return false
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		// Only white space may follow the object.
		if _, err2 := dec.Token(); err2 == nil {
			err = errTrailing
		} else if !errors.Is(err2, io.EOF) {
			err = err2
			if _, ok := err2.(*json.SyntaxError); ok {
				err = errTrailing
			}
		}
	}
	if err == nil {
		return true
	}
	if maxErr := (*http.MaxBytesError)(nil); errors.As(err, &maxErr) {
		tooLarge(w)
		return false
	}
	writeError(w, http.StatusBadRequest, codeBadRequest, jsonProblem(err))
	return false
}

var errTrailing = errors.New("unexpected data after the JSON object")

func tooLarge(w http.ResponseWriter) {
	writeError(w, http.StatusRequestEntityTooLarge, codeTooLarge,
		fmt.Sprintf("request body larger than %d bytes", maxBody))
}

// jsonProblem says what is wrong with a body that did not decode.
func jsonProblem(err error) string {
	var (
		syntax *json.SyntaxError
		typ    *json.UnmarshalTypeError
	)
	switch {
	case errors.Is(err, io.EOF):
		return "empty request body: a JSON object is required"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "malformed JSON: the body ends in the middle of a value"
	case errors.Is(err, errTrailing):
		return "malformed JSON: " + err.Error()
	case errors.As(err, &syntax):
		return fmt.Sprintf("malformed JSON at byte %d: %s", syntax.Offset, strings.TrimPrefix(syntax.Error(), "json: "))
	case errors.As(err, &typ):
		if typ.Field == "" {
			return "the request body must be a JSON object, not " + article(typ.Value)
		}
		return fmt.Sprintf("field %q must be %s, not %s", typ.Field, jsonKind(typ.Type.String()), article(typ.Value))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	}
	return "malformed JSON: " + strings.TrimPrefix(err.Error(), "json: ")
}

// jsonKind names a Go type of a request field as its JSON kind.
func jsonKind(goType string) string {
	switch {
	case goType == "string":
		return "a string"
	case goType == "bool":
		return "a boolean"
	case strings.HasPrefix(goType, "[]"):
		return "an array"
	case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "uint"), strings.HasPrefix(goType, "float"):
		return "a number"
	}
	return "an object"
}

// article prefixes a JSON kind as UnmarshalTypeError names it ("string",
// "array", "number 1.5") with its article.
func article(v string) string {
	if v != "" && strings.ContainsRune("aeiou", rune(v[0])) {
		return "an " + v
	}
	return "a " + v
}

// inputCode is the error code of a refused input: ambiguous_identifier
// when an identifier was refused as a guess, so a client can ask for it
// with its country code or as YYYY-MM-DD; bad_request otherwise.
func inputCode(err error) string {
	if errors.Is(err, patterns.ErrAmbiguousIdentifier) {
		return codeAmbiguous
	}
	return codeBadRequest
}
