package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/piid/piid/cmd/config"
	"github.com/piid/piid/dsar"
	"github.com/piid/piid/dsar/audit"
	"github.com/piid/piid/dsar/erasure"
	"github.com/piid/piid/index"
	"github.com/piid/piid/patterns"
	"github.com/piid/piid/scanner"
	"github.com/piid/piid/scanner/confine"
)

// Labels of the secrets derived from the hash key.
const auditKeyLabel = "audit chain v1"

// openTrail opens the audit trail of the data folder, as every writer of
// it must: the anchor sits beside the audit folder, so that deleting the
// folder's trail and head leaves it to say what is missing.
func openTrail(dataDir string, cat *patterns.Catalog) (*audit.Log, error) {
	return audit.OpenAnchored(filepath.Join(dataDir, "audit"), filepath.Join(dataDir, "audit.anchor"), cat.Hasher().Derive(auditKeyLabel))
}

// auditRoots names watched folders in an audit event as it names any
// path: by keyed hash and masked form (a folder's name can be personal).
func auditRoots(cat *patterns.Catalog, roots []string) []dsar.PathRef {
	refs := make([]dsar.PathRef, len(roots))
	for i, r := range roots {
		refs[i] = dsar.AuditPath(cat, r)
	}
	return refs
}

// openDSAR opens the audit trail (DATA/audit, anchored at
// DATA/audit.anchor) and the request service
// (DATA/dsar). Reports read records back with a scanner like the
// indexer's that also reveals values.
func openDSAR(cf catalogFlags, cfg *config.File, cat *patterns.Catalog, sc *scanner.Scanner, ix *index.Index,
	roots *confine.Roots, log *slog.Logger, reg prometheus.Registerer) (*audit.Log, *dsar.Service, error) {
	inv, err := dsar.NewInventory(cfg.DSAR.Inventory)
	if err != nil {
		return nil, nil, usageErr("--config: %v", err)
	}
	trail, err := openTrail(cf.dataDir, cat)
	if err != nil {
		return nil, nil, &exitError{code: exitIncomplete, err: err}
	}
	if b := trail.Broken(); b != nil {
		log.Error("the audit trail does not verify: requests can be read but not changed until it is repaired", "problem", b.String())
	}
	opts := sc.Options()
	opts.Reveal = true
	svc, err := dsar.New(dsar.Options{
		Dir: filepath.Join(cf.dataDir, "dsar"), Index: ix, Scanner: scanner.New(cat, opts), Roots: roots,
		Audit: trail, Inventory: inv, Logger: log,
	})
	if err == nil {
		err = svc.RegisterMetrics(reg)
	}
	if err != nil {
		trail.Close()
		return nil, nil, &exitError{code: exitIncomplete, err: err}
	}
	return trail, svc, nil
}

// reloadOnHangup rereads the config file's data inventory on SIGHUP (scan
// settings need a restart: the index was built with them) and records the
// reload in the audit trail.
func reloadOnHangup(ctx context.Context, path string, svc *dsar.Service, trail *audit.Log, log *slog.Logger) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
		}
		if path == "" {
			log.Info("SIGHUP: no --config to reload")
			continue
		}
		data, err := os.ReadFile(path)
		var cfg *config.File
		if err == nil {
			cfg, err = config.ParseConfig(path, data)
		}
		var inv dsar.Inventory
		if err == nil {
			inv, err = dsar.NewInventory(cfg.DSAR.Inventory)
		}
		if err != nil {
			log.Error("config reload failed; keeping the current config", "error", err)
			continue
		}
		sum := sha256.Sum256(data)
		if _, err := trail.Append("config.reload", "piid", map[string]any{
			"config_sha256": hex.EncodeToString(sum[:]), "inventory_entries": len(cfg.DSAR.Inventory),
		}); err != nil {
			log.Error("config reload: audit", "error", err)
			continue
		}
		svc.SetInventory(inv)
		log.Info("config reloaded", "inventory_entries", len(cfg.DSAR.Inventory))
	}
}

// openErasure opens the erasure service (DATA/erasure). Its webhook is
// the DSAR one.
func openErasure(cf catalogFlags, cfg *config.File, cat *patterns.Catalog, sc *scanner.Scanner, ix *index.Index, roots *confine.Roots, trail *audit.Log,
	grace time.Duration, log *slog.Logger, reg prometheus.Registerer, reindex func(context.Context, []string) error) (*erasure.Service, error) {
	opts := sc.Options()
	opts.Reveal = true
	eo := erasure.Options{
		Dir: filepath.Join(cf.dataDir, "erasure"), Index: ix, Scanner: scanner.New(cat, opts), Roots: roots, Audit: trail,
		Reindex: reindex, WaitWritable: ix.WaitWritable, Grace: grace, RedactToken: cfg.DSAR.Erasure.RedactToken, ReplanOnResurface: cfg.DSAR.Erasure.ReplanOnResurface,
		RequireDistinctReviewer: cfg.DSAR.Erasure.RequireDistinctReviewer, Logger: log,
	}
	if u := cfg.DSAR.Notices.WebhookURL; u != "" {
		client := &http.Client{Timeout: 10 * time.Second}
		eo.Notify = func(ctx context.Context, n erasure.Notice) {
			if err := dsar.PostWebhook(ctx, client, u, n); err != nil {
				log.Warn("erasure webhook", "error", err)
			}
		}
	}
	er, err := erasure.New(eo)
	if err == nil {
		err = er.RegisterMetrics(reg)
	}
	if err != nil {
		return nil, &exitError{code: exitIncomplete, err: err}
	}
	return er, nil
}
