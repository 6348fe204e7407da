package search_test

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
	"testing"

	"koppel"
	"koppel/indexer"
	"koppel/indexer/indexertest"
	"koppel/search"
)

var update = flag.Bool("update", false, "rewrite testdata/relevance_baseline.json with the measured figures")

// judgedQuery is one line of testdata/relevance.tsv.
type judgedQuery struct {
	text   string
	grade2 string
	grade1 string
}

func readJudged(t testing.TB) []judgedQuery {
	t.Helper()
	f, err := os.Open("testdata/relevance.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []judgedQuery
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 2 {
			t.Fatalf("relevance.tsv: bad line %q", line)
		}
		q := judgedQuery{text: cols[0], grade2: cols[1]}
		if len(cols) > 2 {
			q.grade1 = cols[2]
		}
		out = append(out, q)
	}
	return out
}

// ruleMatches evaluates a judgement rule on an offering.
func ruleMatches(rule string, o *koppel.Offering) bool {
	if rule == "" {
		return false
	}
	text := koppel.Normalize(o.Title + " " + strings.Join(o.Keywords, " ") + " " + o.Description)
	for _, alt := range strings.Split(rule, "|") {
		all := true
		for _, atom := range strings.Split(alt, "&") {
			atom = strings.TrimSpace(atom)
			switch {
			case strings.HasPrefix(atom, "category="):
				all = all && string(o.Category) == strings.TrimPrefix(atom, "category=")
			case strings.HasPrefix(atom, "text~"):
				all = all && strings.Contains(text, koppel.Normalize(strings.TrimPrefix(atom, "text~")))
			case strings.HasPrefix(atom, "lang="):
				l := strings.TrimPrefix(atom, "lang=")
				all = all && len(o.Languages) > 0 && o.Languages[0] == l
			default:
				panic("unknown rule atom " + atom)
			}
		}
		if all {
			return true
		}
	}
	return false
}

// relevance is the mean nDCG@10 and recall@10 of a configuration.
type relevance struct {
	NDCG   float64 `json:"ndcg_at_10"`
	Recall float64 `json:"recall_at_10"`
}

// measure runs every judged query. Recall@10 is the share of the relevant
// offerings in the top 10, out of at most 10 (most queries have more than
// 10 relevant offerings). worst lists the weakest queries.
func measure(t testing.TB, src *indexertest.MemSource, o indexer.Options) (relevance, []string) {
	s := mustSearcher(t, src, o)
	judged := readJudged(t)
	var sum relevance
	type scored struct {
		q    string
		ndcg float64
	}
	var per []scored
	for _, jq := range judged {
		grades := map[string]int{}
		var ideal []int
		for k, off := range src.Offerings {
			g := 0
			if ruleMatches(jq.grade2, off) {
				g = 2
			} else if ruleMatches(jq.grade1, off) {
				g = 1
			}
			if g > 0 {
				grades[k] = g
				ideal = append(ideal, g)
			}
		}
		if len(ideal) == 0 {
			t.Fatalf("query %q has no relevant offering: fix its rules", jq.text)
		}
		sort.Sort(sort.Reverse(sort.IntSlice(ideal)))
		r, err := s.Offerings(context.Background(), search.OfferingQuery{Text: jq.text, Size: 10})
		if err != nil {
			t.Fatal(err)
		}
		dcg, idcg, found := 0.0, 0.0, 0
		for i, h := range r.Hits {
			g := grades[string(h.Enterprise.KBO)+"/"+h.Offering.Code]
			dcg += (math.Pow(2, float64(g)) - 1) / math.Log2(float64(i+2))
			if g > 0 {
				found++
			}
		}
		for i := 0; i < 10 && i < len(ideal); i++ {
			idcg += (math.Pow(2, float64(ideal[i])) - 1) / math.Log2(float64(i+2))
		}
		sum.NDCG += dcg / idcg
		sum.Recall += float64(found) / float64(min(10, len(ideal)))
		per = append(per, scored{jq.text, dcg / idcg})
	}
	n := float64(len(judged))
	sort.Slice(per, func(i, j int) bool { return per[i].ndcg < per[j].ndcg })
	var worst []string
	for _, p := range per[:min(8, len(per))] {
		worst = append(worst, fmt.Sprintf("%s=%.2f", p.q, p.ndcg))
	}
	return relevance{sum.NDCG / n, sum.Recall / n}, worst
}

type baseline struct {
	Koppel   relevance `json:"koppel"`
	BleveNL  relevance `json:"bleve_nl"`
	Standard relevance `json:"bleve_standard"`
}

// TestRelevance measures nDCG@10 and recall@10 of the judged queries for
// Koppel's analyzers, Bleve's nl analyzer and Bleve's standard analyzer
// (same query construction, only the analysis differs), and fails when
// Koppel's drop below the recorded baseline or are not the best. Run with
// -v to see the figures, -update to record new ones.
func TestRelevance(t *testing.T) {
	src := demoSource()
	var got baseline
	var worst []string
	got.Koppel, worst = measure(t, src, indexer.Options{})
	got.BleveNL, _ = measure(t, src, indexer.Options{TextAnalyzer: "nl"})
	got.Standard, _ = measure(t, src, indexer.Options{TextAnalyzer: "standard"})
	t.Logf("%-16s nDCG@10  recall@10", "analyzer")
	t.Logf("%-16s %.3f    %.3f", "bleve standard", got.Standard.NDCG, got.Standard.Recall)
	t.Logf("%-16s %.3f    %.3f", "bleve nl", got.BleveNL.NDCG, got.BleveNL.Recall)
	t.Logf("%-16s %.3f    %.3f", "koppel", got.Koppel.NDCG, got.Koppel.Recall)
	t.Logf("weakest queries (koppel): %s", strings.Join(worst, ", "))
	const file = "testdata/relevance_baseline.json"
	if *update {
		b, _ := json.MarshalIndent(got, "", "  ")
		if err := os.WriteFile(file, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (record it with go test -run TestRelevance -update)", err)
	}
	var want baseline
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	const slack = 0.005
	if got.Koppel.NDCG < want.Koppel.NDCG-slack || got.Koppel.Recall < want.Koppel.Recall-slack {
		t.Errorf("koppel relevance %+v below the baseline %+v", got.Koppel, want.Koppel)
	}
	for name, other := range map[string]relevance{"bleve nl": got.BleveNL, "bleve standard": got.Standard} {
		if got.Koppel.NDCG <= other.NDCG+0.05 {
			t.Errorf("koppel nDCG@10 %.3f is not clearly above %s's %.3f", got.Koppel.NDCG, name, other.NDCG)
		}
	}
}
