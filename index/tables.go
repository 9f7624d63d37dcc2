package index

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/dgraph-io/badger/v4/options"
	"github.com/dgraph-io/badger/v4/table"
	"github.com/dgraph-io/ristretto/v2/z"
)

// checkTables opens each table file of dir on its own before Badger does:
// Badger opens them on goroutines of its own, where a table cut short
// panics the whole process (every start would crash). Here the panic is
// caught and the table named. Blocks are not read: Open's verifyTables
// checks them once Badger has the store.
func checkTables(dir string) error {
	names, err := filepath.Glob(filepath.Join(dir, "*.sst"))
	if err != nil {
		return err
	}
	for _, p := range names {
		if err := checkTable(p); err != nil {
			return fmt.Errorf("%w: table %s does not open: %v", ErrCorrupt, filepath.Base(p), err)
		}
	}
	return nil
}

func checkTable(p string) (err error) {
	mf, err := z.OpenMmapFile(p, os.O_RDONLY, 0)
	if err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s", oneLine(r))
		}
		_ = mf.Close(-1)
	}()
	// As options.go writes them: Snappy blocks.
	_, err = table.OpenTable(mf, table.Options{Compression: options.Snappy, BlockSize: 4 << 10, ChkMode: options.NoVerification})
	return err
}
