package rewrite

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/piid/piid/scanner/confine"
	"github.com/piid/piid/scanner/records"
)

// DefaultTempSuffix ends the names of Apply's temporary files.
const DefaultTempSuffix = ".piid-rewrite"

// maxTempBase bounds the part of the original's name a temporary file
// repeats, so that its name stays within the 255 bytes file systems allow.
const maxTempBase = 200

// manualError is a reason a file cannot be rewritten in place.
type manualError struct {
	path, reason string
}

func (e *manualError) Error() string {
	return fmt.Sprintf("%v: %s: %s", ErrManual, e.path, e.reason)
}

func (e *manualError) Unwrap() error { return ErrManual }

func manual(path, reason string) error { return &manualError{path, reason} }

const reasonJSONDelete = "a JSON document: a record cannot be removed from it in place (only JSONL lines can)"

// Checked is what CheckIn found.
type Checked struct {
	// Reason, when set, says why Apply cannot rewrite the file: a person
	// must handle it.
	Reason string
	// ID is the file's device and inode, for Options.ExpectID.
	ID confine.FileID
	// Dialect is how the file reads (records.Dialect.String), for
	// Options.Dialect.
	Dialect string
}

// CheckIn says whether Apply can rewrite the file at path under roots
// (opened as Apply opens it), and if not why. needDelete asks whether
// records can also be deleted from it; fields is what Apply will be given
// as Options.Fields. It reads the file's start only: an edit can still
// fail on what lies further (a value the edit does not fit).
func CheckIn(roots *confine.Roots, path string, needDelete bool, fields records.Fields) Checked {
	var c Checked
	t, err := open(roots, path)
	if err != nil {
		c.Reason = whyNot(err)
		return c
	}
	defer t.close()
	f := t.f
	c.ID = confine.IDOf(t.fi)
	in, err := newInput(f)
	if err != nil {
		c.Reason = "corrupt " + err.Error()
		return c
	}
	defer in.close()
	buf := getBuf()
	defer putBuf(buf)
	head, err := in.head(buf)
	if err != nil {
		c.Reason = "unreadable: " + err.Error()
		return c
	}
	if r := sniffContent(head); r != "" {
		c.Reason = r
		return c
	}
	d := records.Sniff(path, head, fields)
	c.Dialect = d.String()
	if needDelete && d.Kind == records.JSON {
		c.Reason = reasonJSONDelete
		return c
	}
	if err := t.dir.Writable(); err != nil {
		c.Reason = "its directory is not writable: " + err.Error()
	}
	return c
}

func whyNot(err error) string {
	var m *manualError
	if errors.As(err, &m) {
		return m.reason
	}
	return err.Error()
}

// target is a file Apply may rewrite: opened, with its fstat, through the
// folder that holds it, itself opened beneath a watched root with no link
// on the way (confine): the temp file and the rename go through that
// folder's descriptor, so a folder swapped for a link after this cannot
// redirect the write.
type target struct {
	dir  *confine.Dir
	name string
	f    *os.File
	fi   fs.FileInfo
}

func (t *target) close() {
	t.f.Close()
	t.dir.Close()
}

// open opens the file at path for Apply. What confinement refuses (a link
// on the way, a real path outside the roots, not a regular file) needs a
// person: manual, with the reason.
func open(roots *confine.Roots, path string) (*target, error) {
	if r := memberReason(path); r != "" {
		return nil, manual(path, r)
	}
	dir, name, err := roots.OpenParent(path)
	if err != nil {
		return nil, confined(path, err)
	}
	f, fi, err := dir.Open(name)
	if err != nil {
		dir.Close()
		return nil, confined(path, err)
	}
	t := &target{dir: dir, name: name, f: f, fi: fi}
	if r := fileReason(fi); r != "" {
		t.close()
		return nil, manual(path, r)
	}
	magic := make([]byte, 512)
	n, _ := f.ReadAt(magic, 0)
	if r := sniffRaw(path, magic[:n]); r != "" {
		t.close()
		return nil, manual(path, r)
	}
	return t, nil
}

// confined turns confinement's refusals into reasons for a person.
func confined(path string, err error) error {
	switch {
	case errors.Is(err, confine.ErrLink):
		return manual(path, "a symbolic link in its path: links are not followed; rewrite the file it points to")
	case errors.Is(err, confine.ErrOutside):
		return manual(path, "its real path is outside every watched folder: piid writes only inside them")
	case errors.Is(err, confine.ErrNotRegular):
		return manual(path, "not a regular file")
	}
	return fmt.Errorf("rewrite: %w", err)
}

// memberReason refuses a path into an archive ("backup.zip!users.csv", as
// the scanner names members): a member is rewritten by rewriting its
// archive, which this package does not do. A file whose own name holds a
// '!' is no member when no prefix up to a '!' is a file.
func memberReason(path string) string {
	if !strings.Contains(path, "!") {
		return ""
	}
	_, err := os.Lstat(path)
	for i := 0; i < len(path); i++ {
		if path[i] != '!' {
			continue
		}
		if fi, e := os.Stat(path[:i]); e == nil && !fi.IsDir() {
			return "an archive member: rewrite the archive " + path[:i] + " by hand"
		}
	}
	if err != nil {
		return "an archive member (or a missing file): the path holds '!' and names no file"
	}
	return ""
}

func fileReason(fi fs.FileInfo) string {
	switch m := fi.Mode(); {
	case m&fs.ModeSymlink != 0:
		return "a symbolic link: links are not followed; rewrite the file it points to"
	case !m.IsRegular():
		return "not a regular file"
	}
	if n := links(fi); n > 1 {
		return fmt.Sprintf("%d hard links: replacing one name would leave the old content under the others", n)
	}
	return ""
}

// archiveExts are names that say archive or a compression other than gzip.
var archiveExts = map[string]string{
	".zip": "a zip archive", ".jar": "a zip archive", ".war": "a zip archive", ".ear": "a zip archive",
	".apk": "a zip archive", ".docx": "a zip archive", ".xlsx": "a zip archive", ".odt": "a zip archive",
	".ods": "a zip archive", ".tar": "a tar archive", ".tgz": "a tar archive", ".tbz": "a tar archive",
	".tbz2": "a tar archive", ".txz": "a tar archive", ".7z": "a 7-Zip archive", ".rar": "a RAR archive",
	".bz2": "bzip2-compressed (only gzip is rewritten)", ".xz": "xz-compressed (only gzip is rewritten)",
	".zst": "zstd-compressed (only gzip is rewritten)", ".lz4": "lz4-compressed (only gzip is rewritten)",
	".lzma": "lzma-compressed (only gzip is rewritten)", ".z": "compress'ed (only gzip is rewritten)",
}

// magics tell archives and other compressions by their first bytes.
var magics = []struct {
	magic  string
	reason string
}{
	{"PK\x03\x04", "a zip archive"},
	{"PK\x05\x06", "a zip archive"},
	{"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"},
	{"Rar!\x1a\x07", "a RAR archive"},
	{"BZh", "bzip2-compressed (only gzip is rewritten)"},
	{"\xfd7zXZ\x00", "xz-compressed (only gzip is rewritten)"},
	{"\x28\xb5\x2f\xfd", "zstd-compressed (only gzip is rewritten)"},
	{"\x04\x22\x4d\x18", "lz4-compressed (only gzip is rewritten)"},
}

// sniffRaw looks at a file's name and first raw bytes.
func sniffRaw(name string, raw []byte) string {
	ext := strings.ToLower(filepath.Ext(name))
	if ext == ".gz" {
		if e := strings.ToLower(filepath.Ext(strings.TrimSuffix(name, filepath.Ext(name)))); e == ".tar" {
			return "a tar archive"
		}
	}
	if r, ok := archiveExts[ext]; ok {
		return r
	}
	for _, m := range magics {
		if bytes.HasPrefix(raw, []byte(m.magic)) {
			return m.reason
		}
	}
	return ""
}

// binarySniff is how much of the content is looked at for NUL bytes, as
// the scanner does.
const binarySniff = 8 << 10

// sniffContent looks at the start of the decompressed content.
func sniffContent(head []byte) string {
	if len(head) >= 262 && bytes.Equal(head[257:262], []byte("ustar")) {
		return "a tar archive"
	}
	for _, m := range magics {
		if bytes.HasPrefix(head, []byte(m.magic)) {
			return m.reason
		}
	}
	if bytes.IndexByte(head[:min(len(head), binarySniff)], 0) >= 0 {
		return "binary content"
	}
	return ""
}

// createTemp creates the temporary file in the original's folder,
// readable by its owner only until it is given the original's mode, and
// returns it with its name there.
func createTemp(dir *confine.Dir, base, suffix string) (*os.File, string, error) {
	if suffix == "" {
		suffix = DefaultTempSuffix
	}
	if strings.ContainsAny(suffix, "/\x00") || len(suffix) > 32 {
		return nil, "", fmt.Errorf("temporary suffix %q: at most 32 bytes, no '/'", suffix)
	}
	if len(base) > maxTempBase {
		base = base[:maxTempBase]
	}
	var rnd [8]byte
	for range 10 {
		rand.Read(rnd[:])
		name := "." + base + "." + hex.EncodeToString(rnd[:]) + suffix
		f, err := dir.Create(name, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, name, err
	}
	return nil, "", errors.New("no free temporary name")
}

// keepAttrs gives the new file the original's owner and mode (owner
// first: chown clears the setuid and setgid bits).
func keepAttrs(f *os.File, orig fs.FileInfo) error {
	if err := keepOwner(f, orig); err != nil {
		return err
	}
	return f.Chmod(orig.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky))
}

// tempName matches the names createTemp makes, for one suffix.
func tempName(suffix string) *regexp.Regexp {
	if suffix == "" {
		suffix = DefaultTempSuffix
	}
	return regexp.MustCompile(`^\..+\.[0-9a-f]{16}` + regexp.QuoteMeta(suffix) + `$`)
}

// CleanupTempsIn removes from dir the temporary files a crashed Apply left
// (regular files named as Apply names them, with suffix, DefaultTempSuffix
// when empty) and returns their paths. It must not run while an Apply
// works in dir: it would remove that Apply's file. The folder is opened
// beneath roots, as Apply opens it: a folder swapped for a link is not
// cleaned.
func CleanupTempsIn(roots *confine.Roots, dir, suffix string) ([]string, error) {
	// The folder is opened as the parent of a name in it.
	d, _, err := roots.OpenParent(filepath.Join(dir, "x"))
	if err != nil {
		return nil, fmt.Errorf("rewrite: %w", err)
	}
	defer d.Close()
	ents, err := d.ReadDir()
	if err != nil {
		return nil, fmt.Errorf("rewrite: %w", err)
	}
	re := tempName(suffix)
	var removed []string
	for _, e := range ents {
		if !e.Type().IsRegular() || !re.MatchString(e.Name()) {
			continue
		}
		if err := d.Remove(e.Name()); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return removed, fmt.Errorf("rewrite: %w", err)
		}
		removed = append(removed, filepath.Join(dir, e.Name()))
	}
	return removed, nil
}
