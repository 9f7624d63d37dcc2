package api

import (
	"crypto/sha256"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/piid/piid/dsar"
	"github.com/piid/piid/dsar/audit"
	"github.com/piid/piid/dsar/erasure"
)

// Config configures a Server.
type Config struct {
	// Backend is what the API serves (required).
	Backend Backend
	// Token is the bearer token every /v1/ route requires (required).
	Token string
	// Logger receives one line per request; nil discards.
	Logger *slog.Logger
	// Registry receives the HTTP metrics and is what GET /metrics serves;
	// nil makes a new one.
	Registry *prometheus.Registry
	// DSAR runs subject access requests and Audit is the audit trail;
	// without them their routes answer 503.
	DSAR    *dsar.Service
	Audit   *audit.Log
	Erasure *erasure.Service
}

// Errors of NewServer.
var (
	ErrNoBackend = errors.New("api: no backend")
	ErrNoToken   = errors.New("api: empty token")
)

// Server is piid's HTTP API. Its Handler is safe for concurrent use.
type Server struct {
	backend  Backend
	dsar     *dsar.Service
	audit    *audit.Log
	erasure  *erasure.Service
	tokenSum [sha256.Size]byte
	log      *slog.Logger
	registry *prometheus.Registry
	metrics  *metrics
	mux      *http.ServeMux
	routes   []route
}

// route is one registered route: its method and ServeMux path pattern, and
// whether it needs the bearer token.
type route struct {
	Method string
	Path   string
	Auth   bool
}

// pattern is the route's ServeMux pattern ("GET /v1/scans/{id}"), also its
// metric label.
func (r route) pattern() string { return r.Method + " " + r.Path }

// NewServer returns a server over cfg.Backend.
func NewServer(cfg Config) (*Server, error) {
	if cfg.Backend == nil {
		return nil, ErrNoBackend
	}
	if strings.TrimSpace(cfg.Token) == "" {
		return nil, ErrNoToken
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Registry == nil {
		cfg.Registry = prometheus.NewRegistry()
	}
	m, err := newMetrics(cfg.Registry)
	if err != nil {
		return nil, err
	}
	s := &Server{
		backend: cfg.Backend,
		dsar:    cfg.DSAR,
		audit:   cfg.Audit,
		erasure: cfg.Erasure,
		// Only the token's digest is kept: comparing digests of equal
		// length in constant time tells an attacker nothing, not even the
		// token's length.
		tokenSum: sha256.Sum256([]byte(cfg.Token)),
		log:      cfg.Logger,
		registry: cfg.Registry,
		metrics:  m,
		mux:      http.NewServeMux(),
	}
	s.registerRoutes()
	return s, nil
}

// registerRoutes registers every route. api/openapi.yaml describes exactly
// these (TestOpenAPIMatchesRoutes holds them together). Routes to come
// (DSAR, erasures, audit) are added here, with their handlers in their own
// files.
func (s *Server) registerRoutes() {
	// Operations: no auth, so probes and scrapers need no secret.
	s.handle("GET", "/healthz", false, s.healthz)
	s.handle("GET", "/readyz", false, s.readyz)
	s.handle("GET", "/metrics", false,
		promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{
			ErrorLog:      slog.NewLogLogger(s.log.Handler(), slog.LevelError),
			ErrorHandling: promhttp.ContinueOnError,
		}).ServeHTTP)
	s.handle("GET", "/openapi.yaml", false, serveOpenAPI)

	// The index.
	s.handle("POST", "/v1/scans", true, s.startScan)
	s.handle("GET", "/v1/scans/{id}", true, s.getScan)
	s.handle("GET", "/v1/findings", true, s.findings)
	s.handle("POST", "/v1/subjects/search", true, s.searchSubjects)

	// Subject access requests (Art. 15) and the audit trail.
	s.handle("POST", "/v1/dsar", true, s.createDSAR)
	s.handle("GET", "/v1/dsar", true, s.listDSAR)
	s.handle("GET", "/v1/dsar/{id}", true, s.getDSAR)
	s.handle("POST", "/v1/dsar/{id}/transition", true, s.transitionDSAR)
	s.handle("POST", "/v1/dsar/{id}/extend", true, s.extendDSAR)
	s.handle("GET", "/v1/dsar/{id}/report", true, s.reportDSAR)
	// Erasures (Art. 17): planned, reviewed, applied, verified.
	s.handle("POST", "/v1/erasures", true, s.createErasure)
	s.handle("GET", "/v1/erasures", true, s.listErasures)
	s.handle("GET", "/v1/erasures/{id}", true, s.getErasure)
	s.handle("POST", "/v1/erasures/{id}/approve", true, s.decideErasure((*erasure.Service).Approve))
	s.handle("POST", "/v1/erasures/{id}/reject", true, s.decideErasure((*erasure.Service).Reject))
	s.handle("POST", "/v1/erasures/{id}/cancel", true, s.decideErasure((*erasure.Service).Cancel))
	s.handle("GET", "/v1/audit", true, s.listAudit)
	s.handle("GET", "/v1/audit/verify", true, s.verifyAudit)
}

func (s *Server) handle(method, path string, auth bool, h http.HandlerFunc) {
	r := route{Method: method, Path: path, Auth: auth}
	var handler http.Handler = h
	if auth {
		handler = s.requireToken(h)
	}
	s.mux.Handle(r.pattern(), handler)
	s.routes = append(s.routes, r)
}

// Handler returns the API's handler: routing, auth, limits, metrics and
// the request log.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

// HTTPServer returns an *http.Server for addr serving Handler, with
// timeouts so that a slow or idle client cannot hold a connection (and its
// goroutine and buffers) forever.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:    addr,
		Handler: s.Handler(),
		// Headers are a few hundred bytes: a client that takes longer
		// than this to send them is idle or attacking (slowloris).
		ReadHeaderTimeout: 10 * time.Second,
		// The whole request, body included: bodies are at most 1 MiB
		// (maxBody), which even a slow link sends well within this.
		ReadTimeout: 30 * time.Second,
		// From the end of the request headers to the end of the
		// response: a page of 10000 findings or a subject search over a
		// large index takes seconds, not minutes; a stuck reader is cut.
		WriteTimeout: 2 * time.Minute,
		// Keep-alive connections between requests: long enough for a
		// scraper or a client's next call, short enough that abandoned
		// connections are reclaimed.
		IdleTimeout: 2 * time.Minute,
		// A bearer token and a query string need a few KiB; the default
		// (1 MiB) only gives an attacker room.
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// unmatched is the route label of requests no route matched (404, 405):
// one label for all of them, so unknown URLs add no series.
const unmatched = "unmatched"

// serveHTTP routes r, with the request log and metrics around it, and
// answers unknown routes and wrong methods with the JSON error shape
// (ServeMux's own answers are plain text).
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &recorder{ResponseWriter: w}
	h, pattern := s.mux.Handler(r)
	routeLabel := pattern
	if pattern == "" {
		// No route: h is ServeMux's 404 or 405 answer. Run it into a
		// recorder to learn which, and with which Allow header.
		routeLabel = unmatched
		h = notRouted(h)
	} else {
		// ServeMux again, so that it sets the path values (and does its
		// redirects for unclean paths).
		h = s.mux
	}
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			rec.err = errors.New("panic in handler")
			s.log.Error("http handler panicked", "route", routeLabel, "panic", v)
			if !rec.wroteHeader {
				writeError(rec, http.StatusInternalServerError, codeInternal, msgInternal)
			}
		}
		s.done(r, routeLabel, rec, time.Since(start))
	}()
	h.ServeHTTP(rec, r)
}

// done records a finished request: metrics and one log line. It logs no
// URL, query or body: only the route pattern, never what filled it.
func (s *Server) done(r *http.Request, routeLabel string, rec *recorder, d time.Duration) {
	status := rec.status
	if status == 0 {
		status = http.StatusOK
	}
	s.metrics.observe(routeLabel, status, d)
	level := slog.LevelInfo
	attrs := []slog.Attr{
		slog.String("method", r.Method),
		slog.String("route", routeLabel),
		slog.Int("status", status),
		slog.Duration("duration", d),
		slog.Int64("bytes", rec.bytes),
	}
	if rec.err != nil {
		level = slog.LevelError
		attrs = append(attrs, slog.String("error", rec.err.Error()))
	}
	s.log.LogAttrs(r.Context(), level, "http request", attrs...)
}

// notRouted turns ServeMux's plain-text 404 or 405 answer (h) into the JSON
// error shape.
func notRouted(h http.Handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		probe := &headerProbe{header: make(http.Header)}
		h.ServeHTTP(probe, r)
		if probe.status == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", probe.header.Get("Allow"))
			writeError(w, http.StatusMethodNotAllowed, codeMethodNotAllowed,
				"method "+r.Method+" not allowed here; allowed: "+probe.header.Get("Allow"))
			return
		}
		writeError(w, http.StatusNotFound, codeNotFound, "no such route")
	}
}

// headerProbe is a ResponseWriter that keeps the status and headers and
// drops the body.
type headerProbe struct {
	header http.Header
	status int
}

func (p *headerProbe) Header() http.Header { return p.header }
func (p *headerProbe) WriteHeader(code int) {
	if p.status == 0 {
		p.status = code
	}
}
func (p *headerProbe) Write(b []byte) (int, error) {
	p.WriteHeader(http.StatusOK)
	return len(b), nil
}

// recorder is the ResponseWriter handlers see: it counts the status and
// bytes for the log and metrics, and carries an internal error to the log
// line (internalError sets it).
type recorder struct {
	http.ResponseWriter
	status      int
	bytes       int64
	wroteHeader bool
	err         error
}

func (r *recorder) WriteHeader(code int) {
	if !r.wroteHeader {
		r.status, r.wroteHeader = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if !r.wroteHeader {
		r.status, r.wroteHeader = http.StatusOK, true
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection's writer
// (Flush, deadlines).
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Flush passes flushes through (promhttp compresses and flushes).
func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		if !r.wroteHeader {
			r.status, r.wroteHeader = http.StatusOK, true
		}
		f.Flush()
	}
}
