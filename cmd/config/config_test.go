package config

import (
	"errors"
	"testing"
)

func TestDiskConfig(t *testing.T) {
	cfg, err := ParseConfig("t.yaml", []byte("disk:\n  low_watermark: 1GiB\n  high_watermark: 1536MB\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Disk.LowWatermark != 1<<30 || cfg.Disk.HighWatermark != 1536e6 {
		t.Errorf("disk: %+v", cfg.Disk)
	}
	cfg, err = ParseConfig("t.yaml", []byte("max_file_size: 10MiB\n"))
	if err != nil || cfg.Disk != (Disk{}) {
		t.Errorf("no disk section: %+v %v (0 means derived from the index's options)", cfg, err)
	}
	for _, bad := range []string{
		"disk:\n  low_watermark: 2GiB\n  high_watermark: 1GiB\n",
		"disk:\n  low_watermark: lots\n",
		"disk:\n  low_water: 1GiB\n",
	} {
		_, err := ParseConfig("t.yaml", []byte(bad))
		var ce *ConfigError
		if !errors.As(err, &ce) {
			t.Errorf("%q: %v, want a ConfigError", bad, err)
		}
	}
}

// TestEachKeyReachesItsPart: one flat file, each key read by the part
// that owns it.
func TestEachKeyReachesItsPart(t *testing.T) {
	cfg, err := ParseConfig("t.yaml", []byte(`min_confidence: 0.7
phone_regions: [fr, de]
skip_binary: true
max_file_size: 10MiB
max_decompression_ratio: 50
exclude: ["*.log"]
inventory:
  - name: CRM
    categories: [contact]
dsar:
  webhook_url: https://hooks.example.com/dsar
  notify_within_days: 3
erasure:
  redact_token: "[X]"
disk:
  low_watermark: 1GiB
patterns:
  - id: customer_id
    regex: '\bCUST-\d{8}\b'
`))
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case cfg.Detect.MinConfidence == nil || *cfg.Detect.MinConfidence != 0.7:
		t.Error("min_confidence not read")
	case len(cfg.Detect.PhoneRegions.Global) != 2 || cfg.Detect.PhoneRegions.Global[0] != "FR":
		t.Errorf("phone_regions: %v", cfg.Detect.PhoneRegions)
	case len(cfg.Detect.Patterns) != 1 || cfg.Detect.Patterns[0].Line != 18:
		t.Errorf("patterns: %+v (line 18)", cfg.Detect.Patterns)
	case !cfg.Scan.SkipBinary || cfg.Scan.MaxFileSize != 10<<20 || cfg.Scan.MaxDecompressionRatio != 50 || len(cfg.Scan.Exclude) != 1:
		t.Errorf("scanner keys: %+v", cfg.Scan)
	case len(cfg.DSAR.Inventory) != 1 || cfg.DSAR.Notices.NotifyWithinDays != 3 || cfg.DSAR.Erasure.RedactToken != "[X]":
		t.Errorf("dsar keys: %+v", cfg.DSAR)
	case cfg.Disk.LowWatermark != 1<<30:
		t.Errorf("disk: %+v", cfg.Disk)
	}
}

// TestStrictWithLines: an unknown key, at the top or inside a part, and an
// invalid value of any part name the file and, where known, the line.
func TestStrictWithLines(t *testing.T) {
	for _, c := range []struct {
		yaml string
		line int
	}{
		{"min_confidence: 0.5\nbogus: 1\n", 2},
		{"patterns:\n  - id: a\n    regex: x\n    colour: red\n", 4},
		{"inventory:\n  - name: CRM\n    categories: [contact]\n    owner: me\n", 4},
		{"patterns:\n  - id: a\n    regex: '('\n", 2},
		{"fields:\n  - names: [x]\n", 2},
		{"min_confidence: 2\n", 0},
		{"max_decompression_ratio: 0.5\n", 0},
		{"inventory:\n  - name: CRM\n", 0},
		{"dsar:\n  webhook_url: ftp://x\n", 0},
	} {
		_, err := ParseConfig("t.yaml", []byte(c.yaml))
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Path != "t.yaml" || ce.Line != c.line {
			t.Errorf("%q: %#v, want a ConfigError at line %d", c.yaml, err, c.line)
		}
	}
}

// TestCatalogErrorsNameTheLine: a custom pattern's example that does not
// match is reported at the pattern's line.
func TestCatalogErrorsNameTheLine(t *testing.T) {
	cfg, err := ParseConfig("t.yaml", []byte("min_confidence: 0.5\npatterns:\n  - id: customer_id\n    regex: '\\bCUST-\\d{8}\\b'\n    examples: ['ref CUST-1']\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = cfg.NewCatalog([]byte("0123456789abcdef0123456789abcdef"), nil)
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Line != 3 {
		t.Fatalf("%v, want a ConfigError at line 3", err)
	}
}
