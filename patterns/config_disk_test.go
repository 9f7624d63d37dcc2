package patterns

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
	if err != nil || cfg.Disk != (DiskConfig{}) {
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
