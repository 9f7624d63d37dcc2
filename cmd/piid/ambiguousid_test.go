package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// A subject's identifier whose normalization would be a guess is refused
// by the daemon (exit 2), saying how to give it and in which regions it
// reads, never quoting it; given with its country code it is accepted.
func TestAmbiguousIdentifierRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the daemon")
	}
	root := t.TempDir()
	watch := filepath.Join(root, "watched")
	writeFile(t, filepath.Join(watch, "crm.csv"), "name,mobile,country\nClaire Martin,06 12 96 15 61,FR\nJan de Vries,06 12961561,NL\n")
	d := startDaemon(t, watch, filepath.Join(root, "data"))
	for _, id := range []string{"phone=06 12961561", "date_of_birth=03/04/1985"} {
		out := d.cli("dpo", 2, "dsar", "create", "--name", "Jan de Vries", "--id", id)
		if !strings.Contains(out, "ambiguous") || strings.Contains(out, "12961561") || strings.Contains(out, "1985") {
			t.Errorf("--id %s: %q, want it refused as ambiguous without quoting it", id, out)
		}
		if strings.HasPrefix(id, "phone") && !strings.Contains(out, "NL (+31)") {
			t.Errorf("--id %s: %q does not list the Dutch reading", id, out)
		}
	}
	d.cli("dpo", 0, "dsar", "create", "--name", "Jan de Vries", "--id", "phone=+31 6 12961561")
}
