package dsar

import (
	"errors"
	"fmt"
	"strings"
)

// Config is the part of the config file (--config) that piid serve's
// subject rights read: the data inventory of Art. 15 reports, the
// deadline notices and the erasure settings. The README documents each key.
type Config struct {
	Inventory []InventoryEntry `yaml:"inventory"`
	Notices   NoticeConfig     `yaml:"dsar"`
	Erasure   ErasureConfig    `yaml:"erasure"`
}

// InventoryEntry is one processing activity of the data inventory: what
// categories of data (or which files, by path glob) it covers, and the
// Art. 15(1)(a)-(h) and 15(2) facts a subject is told about it.
type InventoryEntry struct {
	Name                    string   `yaml:"name" json:"name"`
	Categories              []string `yaml:"categories" json:"categories,omitempty"`
	Paths                   []string `yaml:"paths" json:"paths,omitempty"`
	Purposes                []string `yaml:"purposes" json:"purposes,omitempty"`
	LegalBasis              string   `yaml:"legal_basis" json:"legal_basis,omitempty"`
	Recipients              []string `yaml:"recipients" json:"recipients,omitempty"`
	Retention               string   `yaml:"retention" json:"retention,omitempty"`
	Source                  string   `yaml:"source" json:"source,omitempty"`
	AutomatedDecisionMaking string   `yaml:"automated_decision_making" json:"automated_decision_making,omitempty"`
	Transfers               string   `yaml:"transfers" json:"transfers,omitempty"`
}

// ErasureConfig tunes erasures.
type ErasureConfig struct {
	// RedactToken replaces a value under the redact strategy; {type}
	// stands for its type id. Default "[REDACTED:{type}]".
	RedactToken string `yaml:"redact_token"`
	// ReplanOnResurface: an erased value found again starts a new erasure
	// plan, pending review.
	ReplanOnResurface bool `yaml:"replan_on_resurface"`
	// RequireDistinctReviewer: an erasure cannot be approved by the one
	// who planned it (four eyes).
	RequireDistinctReviewer bool `yaml:"require_distinct_reviewer"`
}

// NoticeConfig configures deadline notices of subject access requests
// (the config file's dsar: section).
type NoticeConfig struct {
	// WebhookURL receives a JSON POST when a request is due within
	// NotifyWithinDays days (default 7) and when it is overdue.
	WebhookURL       string `yaml:"webhook_url"`
	NotifyWithinDays int    `yaml:"notify_within_days"`
}

// Check reports the first invalid key.
func (c Config) Check() error {
	for i, e := range c.Inventory {
		switch {
		case strings.TrimSpace(e.Name) == "":
			return fmt.Errorf("inventory[%d]: needs a name", i)
		case len(e.Categories) == 0 && len(e.Paths) == 0:
			return fmt.Errorf("inventory %q: needs categories or paths (what it covers)", e.Name)
		}
	}
	if c.Notices.NotifyWithinDays < 0 {
		return errors.New("dsar.notify_within_days must not be negative")
	}
	if u := c.Notices.WebhookURL; u != "" && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		return errors.New("dsar.webhook_url must be an http or https URL")
	}
	return nil
}
