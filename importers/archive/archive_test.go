package archive

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"koppel"
)

type file struct {
	name string
	data []byte
}

func tarGz(t testing.TB, files []file) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, f := range files {
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o644, Size: int64(len(f.data)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(f.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func zipOf(t testing.TB, files []file) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.Create(f.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(f.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// seen is what a walk handed over: name → content or error.
func walkAll(t *testing.T, path string, lim Limits) (map[string]string, error) {
	t.Helper()
	got := map[string]string{}
	err := Walk(context.Background(), path, lim, func(e Entry) error {
		if e.Err != nil {
			got[e.Name] = "ERR " + e.Err.Error()
		} else {
			got[e.Name] = string(e.Data)
		}
		return nil
	})
	return got, err
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestWalkFormats(t *testing.T) {
	files := []file{{"day/a.xml", []byte("<a/>")}, {"day/b.xml", []byte("<b/>")}, {"inner.zip", zipOf(t, []file{{"x.xml", []byte("<x/>")}})}}
	want := map[string]string{"day/a.xml": "<a/>", "day/b.xml": "<b/>", "inner.zip": "ERR " + ErrNested.Error()}
	dir := t.TempDir()
	for _, f := range files {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(f.name)), 0o755)
		os.WriteFile(filepath.Join(dir, f.name), f.data, 0o644)
	}
	os.Symlink("/etc/passwd", filepath.Join(dir, "day", "link.xml"))
	for name, path := range map[string]string{
		"tar.gz": writeFile(t, "p.tar.gz", tarGz(t, files)),
		"zip":    writeFile(t, "p.zip", zipOf(t, files)),
		"dir":    dir,
	} {
		t.Run(name, func(t *testing.T) {
			got, err := walkAll(t, path, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("entries (-want +got):\n%s", d)
			}
		})
	}
	t.Run("single file", func(t *testing.T) {
		got, err := walkAll(t, writeFile(t, "n.xml", []byte("<n/>")), Limits{})
		if err != nil || got["n.xml"] != "<n/>" || len(got) != 1 {
			t.Errorf("got %v, %v", got, err)
		}
	})
}

func TestWalkBounds(t *testing.T) {
	big := bytes.Repeat([]byte("a"), 2000)
	t.Run("file too large", func(t *testing.T) {
		got, err := walkAll(t, writeFile(t, "p.tgz", tarGz(t, []file{{"big.xml", big}, {"ok.xml", []byte("<ok/>")}})), Limits{MaxEntryBytes: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if got["big.xml"] != "ERR "+ErrTooLarge.Error() || got["ok.xml"] != "<ok/>" {
			t.Errorf("got %v", got)
		}
	})
	t.Run("bomb", func(t *testing.T) {
		// 100 MB of zeros compress to about 100 kB; the total bound stops
		// the walk long before.
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		tw := tar.NewWriter(zw)
		tw.WriteHeader(&tar.Header{Name: "zeros.xml", Mode: 0o644, Size: 100 << 20, Typeflag: tar.TypeReg})
		chunk := make([]byte, 1<<20)
		for range 100 {
			tw.Write(chunk)
		}
		tw.Close()
		zw.Close()
		for name, data := range map[string][]byte{"tar.gz": buf.Bytes(), "zip": zipOf(t, []file{{"zeros.xml", make([]byte, 100<<20)}})} {
			_, err := walkAll(t, writeFile(t, "bomb."+name, data), Limits{MaxTotalBytes: 4 << 20})
			if koppel.ErrorCode(err) != koppel.ETOOLARGE {
				t.Errorf("%s: got %v, want ETOOLARGE", name, err)
			}
		}
	})
	t.Run("too many files", func(t *testing.T) {
		var files []file
		for range 30 {
			files = append(files, file{"a.xml", []byte("<a/>")})
		}
		// A zip declares its count: refused before its directory is read.
		// A tar is a stream: read up to the bound.
		for name, c := range map[string]struct {
			data []byte
			want int
		}{"many.zip": {zipOf(t, files), 0}, "many.tgz": {tarGz(t, files), 10}} {
			n := 0
			err := Walk(context.Background(), writeFile(t, name, c.data), Limits{MaxEntries: 10}, func(Entry) error { n++; return nil })
			if koppel.ErrorCode(err) != koppel.ETOOLARGE || n != c.want {
				t.Errorf("%s: got %d files, %v; want %d and ETOOLARGE", name, n, err, c.want)
			}
		}
	})
	t.Run("names", func(t *testing.T) {
		name := "../../etc/\x1b[31mpasswd\u202e" + strings.Repeat("x", 500) + ".xml"
		got, err := walkAll(t, writeFile(t, "n.tgz", tarGz(t, []file{{name, []byte("<a/>")}})), Limits{})
		if err != nil {
			t.Fatal(err)
		}
		for n := range got {
			if len(n) > MaxNameLen+len("…") || strings.ContainsAny(n, "\x1b\u202e") {
				t.Errorf("name not cleaned: %q", n)
			}
		}
	})
	t.Run("corrupt", func(t *testing.T) {
		data := tarGz(t, []file{{"a.xml", bytes.Repeat([]byte("<a/>"), 5000)}, {"b.xml", []byte("<b/>")}})
		_, err := walkAll(t, writeFile(t, "cut.tgz", data[:len(data)/2]), Limits{})
		if koppel.ErrorCode(err) != koppel.EINVALID {
			t.Errorf("truncated tar.gz: got %v, want EINVALID", err)
		}
		z := zipOf(t, []file{{"a.xml", []byte("<a>hello</a>")}, {"b.xml", []byte("<b/>")}})
		i := bytes.Index(z, []byte("<a>hello"))
		if i < 0 {
			// Compressed: flip a byte inside the first entry's data.
			i = 40
		}
		z[i+2] ^= 0xff
		got, err := walkAll(t, writeFile(t, "bad.zip", z), Limits{})
		if err != nil || got["b.xml"] != "<b/>" || !strings.HasPrefix(got["a.xml"], "ERR ") {
			t.Errorf("a corrupt zip entry refuses only that entry: got %v, %v", got, err)
		}
	})
}

func TestWalkStops(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := Walk(context.Background(), writeFile(t, "p.zip", zipOf(t, []file{{"a.xml", nil}, {"b.xml", nil}})), Limits{}, func(Entry) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("got %d, %v", n, err)
	}
}
