package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"
)

// apiFlags are the flags of the commands that talk to the daemon.
type apiFlags struct {
	url, tokenFile, actor, caCert string
	json                          bool
}

func (a *apiFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&a.url, "url", envOr("PIID_URL", "http://127.0.0.1:8484"), "the daemon's `URL` ($PIID_URL)")
	fs.StringVar(&a.tokenFile, "token-file", ".piid/token", "`file` holding the API token ($PIID_TOKEN, when set, is the token itself)")
	fs.StringVar(&a.actor, "actor", envOr("PIID_ACTOR", os.Getenv("USER")), "who acts, for the audit trail ($PIID_ACTOR, default $USER)")
	fs.StringVar(&a.caCert, "cacert", os.Getenv("PIID_CACERT"), "PEM `file` of the CA that signed the daemon's TLS certificate, for an https --url ($PIID_CACERT)")
	fs.BoolVar(&a.json, "json", false, "print the daemon's JSON answer")
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// apiCommand starts a command of a family that talks to the daemon
// ("piid dsar COMMAND ..."): it splits off COMMAND and makes its flag set
// with the API flags. done is set when there is nothing to run (the
// family's usage was asked for, or no command given: err says which).
func apiCommand(family, usage string, args []string, stdout, stderr io.Writer) (cmd string, rest []string, fs *flag.FlagSet, af *apiFlags, done bool, err error) {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			err = &exitError{code: exitUsage}
		}
		return "", nil, nil, nil, true, err
	}
	fs = flag.NewFlagSet(family+" "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	af = &apiFlags{}
	af.register(fs)
	return args[0], args[1:], fs, af, false, nil
}

// client is a small client of the daemon's API.
type client struct {
	base, token, actor string
	http               *http.Client
}

func (a *apiFlags) client() (*client, error) {
	token := os.Getenv("PIID_TOKEN")
	if token == "" {
		b, err := os.ReadFile(a.tokenFile)
		if err != nil {
			return nil, usageErr("no API token: %v (give --token-file or $PIID_TOKEN)", err)
		}
		token = strings.TrimSpace(string(b))
	}
	hc := &http.Client{Timeout: 5 * time.Minute}
	if a.caCert != "" {
		pem, err := os.ReadFile(a.caCert)
		if err != nil {
			return nil, usageErr("--cacert: %v", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, usageErr("--cacert: %s holds no PEM certificate", a.caCert)
		}
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
		hc.Transport = tr
	}
	return &client{base: strings.TrimRight(a.url, "/"), token: token, actor: a.actor, http: hc}, nil
}

// apiError is an error answer of the daemon.
type apiError struct {
	Status  int
	Code    string
	Message string
}

func (e *apiError) Error() string { return fmt.Sprintf("%s (HTTP %d)", e.Message, e.Status) }

// do sends a request and returns the answer's body; an error answer
// becomes an *apiError wrapped in exit status 2 (4xx: the request was
// wrong) or 3 (5xx, or no daemon).
func (c *client) do(ctx context.Context, method, path string, body any) ([]byte, http.Header, error) {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, nil, err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, r)
	if err != nil {
		return nil, nil, usageErr("--url: %v", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if c.actor != "" {
		req.Header.Set("X-Piid-Actor", c.actor)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, nil, &exitError{code: exitIncomplete, err: fmt.Errorf("cannot reach the daemon at %s: %v", c.base, err)}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, &exitError{code: exitIncomplete, err: err}
	}
	if resp.StatusCode/100 != 2 {
		var eb struct {
			Error struct{ Code, Message string }
		}
		ae := &apiError{Status: resp.StatusCode, Message: strings.TrimSpace(string(b))}
		if json.Unmarshal(b, &eb) == nil && eb.Error.Message != "" {
			ae.Code, ae.Message = eb.Error.Code, eb.Error.Message
		}
		code := exitUsage
		if resp.StatusCode >= 500 {
			code = exitIncomplete
		}
		return nil, nil, &exitError{code: code, err: ae}
	}
	return b, resp.Header, nil
}

// getJSON sends a request and decodes the JSON answer into v.
func (c *client) getJSON(ctx context.Context, method, path string, body, v any) ([]byte, error) {
	b, _, err := c.do(ctx, method, path, body)
	if err != nil {
		return nil, err
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			return nil, &exitError{code: exitIncomplete, err: fmt.Errorf("unexpected answer: %v", err)}
		}
	}
	return b, nil
}

// parseFlags parses a subcommand's flags; --help prints usage and is no
// error.
func parseFlags(fs *flag.FlagSet, args []string) (bool, error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return false, nil
		}
		return false, &exitError{code: exitUsage}
	}
	return true, nil
}

// interleave lets flags follow positional arguments ("show ID --json"):
// the standard flag package stops at the first non-flag.
func interleave(fs *flag.FlagSet, args []string) (pos []string, ok bool, err error) {
	for {
		if ok, err = parseFlags(fs, args); !ok {
			return nil, ok, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, true, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
