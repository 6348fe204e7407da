package archive

import (
	"bytes"
	"context"
	"testing"
)

// FuzzWalkReader feeds arbitrary packages to the reader: it must never
// panic, hand over a file larger than the limit, or read beyond the
// bounds.
func FuzzWalkReader(f *testing.F) {
	f.Add(tarGz(f, []file{{"a.xml", []byte("<a/>")}}))
	f.Add(zipOf(f, []file{{"a.xml", []byte("<a/>")}, {"b/c.xml", []byte("<c/>")}}))
	f.Add([]byte("<notice/>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := Limits{MaxEntryBytes: 1 << 10, MaxEntries: 50, MaxTotalBytes: 1 << 20}
		n := 0
		_ = WalkReader(context.Background(), bytes.NewReader(data), int64(len(data)), "f", lim, func(e Entry) error {
			n++
			if int64(len(e.Data)) > lim.MaxEntryBytes || len(e.Name) > MaxNameLen+3 {
				t.Fatalf("entry %q of %d bytes beyond the limits", e.Name, len(e.Data))
			}
			return nil
		})
		if n > lim.MaxEntries {
			t.Fatalf("%d entries beyond the limit", n)
		}
	})
}
