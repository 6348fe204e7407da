package indexer

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
)

// MappingVersion is the version of the mappings and analyzers this package
// builds. An index written with another version is rebuilt by the next
// Apply (see Apply).
//
// Version 3 added FieldText, the combined Dutch text of an offering.
// Version 4 added FieldTargetGroups and FieldTransition, the enterprise's
// target groups and transition paths. Version 5 has bike repair and bike
// parking in separate synonym groups (the synonyms are kept with the
// mapping). Version 6 has "kleine herstellingen" instead of "herstellingen"
// among the handyman synonyms, so a klusjesdienst no longer finds every
// repair (of bed linen, of bikes).
const MappingVersion = 6

type bleveMapping = *mapping.IndexMappingImpl

// Options configure an Indexer. The zero value is Koppel's configuration.
type Options struct {
	// TextAnalyzer, when set, replaces Koppel's analyzers on every text
	// field by a Bleve analyzer ("standard", "nl"): only for measuring
	// relevance against plain Bleve.
	TextAnalyzer string
}

// textAnalyzers returns the analyzers of Dutch, French, English and
// vocabulary text under the options.
func (o Options) textAnalyzers() (nlA, frA, enA, vocab string) {
	if o.TextAnalyzer != "" {
		return o.TextAnalyzer, o.TextAnalyzer, o.TextAnalyzer, o.TextAnalyzer
	}
	return AnalyzerNL, AnalyzerFR, AnalyzerEN, AnalyzerVocab
}

// QueryAnalyzers returns the analyzer to analyse query text for the Dutch
// fields with (synonyms included) and the one giving one stem per word.
// For a plain Bleve configuration both are that analyzer.
func (o Options) QueryAnalyzers() (query, words string) {
	if o.TextAnalyzer != "" {
		return o.TextAnalyzer, o.TextAnalyzer
	}
	return AnalyzerNLQuery, AnalyzerNLWords
}

// textField is full text with an analyzer. Nothing is stored in Bleve (the
// documents are read from the store), and no term vectors are kept: the
// search package highlights by re-analysing the stored text.
func textField(analyzer string) *mapping.FieldMapping {
	f := bleve.NewTextFieldMapping()
	f.Analyzer = analyzer
	f.Store = false
	f.IncludeTermVectors = false
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

// keywordField is an exact value; facets need doc values.
func keywordField(docValues bool) *mapping.FieldMapping {
	f := bleve.NewKeywordFieldMapping()
	f.Analyzer = keyword.Name
	f.Store = false
	f.IncludeInAll = false
	f.IncludeTermVectors = false
	f.DocValues = docValues
	return f
}

func dateField(docValues bool) *mapping.FieldMapping {
	f := bleve.NewDateTimeFieldMapping()
	f.Store = false
	f.IncludeInAll = false
	f.DocValues = docValues
	return f
}

func geoField() *mapping.FieldMapping {
	f := bleve.NewGeoPointFieldMapping()
	f.Store = false
	f.IncludeInAll = false
	f.DocValues = true // sort by distance
	return f
}

func newMapping(o Options, doc *mapping.DocumentMapping) (bleveMapping, error) {
	m := bleve.NewIndexMapping()
	if err := addAnalysis(m); err != nil {
		return nil, err
	}
	nlA, _, _, _ := o.textAnalyzers()
	m.DefaultAnalyzer = nlA
	// No composite _all field: every query names its fields.
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	m.DefaultMapping = doc
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	m.ScoringModel = "bm25"
	return m, nil
}

// Offering index fields. Text fields: FieldTitle, FieldKeywords,
// FieldDescription, FieldCategoryLabel, FieldName (Dutch analyzer),
// FieldText (those five combined), FieldTextFR and FieldTextEN (title and
// description of offerings in those languages), FieldPlace (municipality and place name, whole words) and
// FieldVocab (title and keywords as whole words, for suggestions).
const (
	FieldTitle         = "title"
	FieldKeywords      = "keywords"
	FieldDescription   = "description"
	FieldCategoryLabel = "category_label"
	FieldName          = "name"
	FieldTextFR        = "text_fr"
	FieldTextEN        = "text_en"
	FieldPlace         = "place"
	FieldVocab         = "vocab"
	// FieldText is all the Dutch text of an offering in one field (title,
	// keywords, category label, enterprise name, description), analysed
	// like the fields it combines. Search looks up synonyms, compound
	// parts, fuzzy and prefix variants there only, instead of in each
	// field: one term lookup instead of five.
	FieldText = "text"

	FieldEnterprise     = "enterprise"      // KBO
	FieldCategory       = "category"        // category code (facet)
	FieldForms          = "forms"           // work forms (facet)
	FieldProvince       = "province"        // province of the enterprise (facet)
	FieldMunicipality   = "municipality"    // municipality of the enterprise
	FieldPostcode       = "postcode"        // postcode of the enterprise
	FieldLanguages      = "languages"       // ISO 639-1
	FieldCPV            = "cpv"             // CPV codes with all their prefixes
	FieldLocation       = "location"        // geo point of the enterprise
	FieldAreaRadius     = "area_radius"     // service radius in km, as text ("25")
	FieldAreaMunis      = "area_munis"      // municipalities served
	FieldAreaProvinces  = "area_provinces"  // provinces served
	FieldRecognisedTo   = "recognised_to"   // latest end of a recognition
	FieldRecognisedFrom = "recognised_from" // earliest start of a recognition
	FieldTargetGroups   = "target_groups"   // target groups of the enterprise (facet)
	FieldTransition     = "transition"      // TransitionYes when the enterprise runs transition paths (facet)
)

// TransitionYes is the term of FieldTransition for an enterprise that runs
// transition paths; the field is empty for the others.
const TransitionYes = "ja"

// Tender index fields besides those shared with offerings.
const (
	FieldLots      = "lots"       // titles and descriptions of the lots
	FieldBuyer     = "buyer"      // buyer name (text)
	FieldBuyerType = "buyer_type" // eForms buyer-legal-type
	FieldStatus    = "status"
	FieldOwner     = "owner"
	FieldClauses   = "clauses" // clause kinds of the lots (facet)
	FieldDeadline  = "deadline"
)

// offeringMapping is the explicit mapping of offeringDoc; unknown fields are
// not indexed.
func offeringMapping(o Options) (bleveMapping, error) {
	nlA, frA, enA, vocab := o.textAnalyzers()
	d := bleve.NewDocumentStaticMapping()
	for _, f := range []string{FieldTitle, FieldDescription, FieldKeywords, FieldName, FieldCategoryLabel, FieldText} {
		d.AddFieldMappingsAt(f, textField(nlA))
	}
	d.AddFieldMappingsAt(FieldTextFR, textField(frA))
	d.AddFieldMappingsAt(FieldTextEN, textField(enA))
	d.AddFieldMappingsAt(FieldPlace, textField(vocab))
	d.AddFieldMappingsAt(FieldVocab, textField(vocab))
	for _, f := range []string{FieldCategory, FieldForms, FieldProvince, FieldTargetGroups, FieldTransition} {
		d.AddFieldMappingsAt(f, keywordField(true))
	}
	for _, f := range []string{FieldEnterprise, FieldCPV, FieldPostcode, FieldMunicipality, FieldLanguages, FieldAreaRadius, FieldAreaMunis, FieldAreaProvinces} {
		d.AddFieldMappingsAt(f, keywordField(false))
	}
	d.AddFieldMappingsAt(FieldRecognisedFrom, dateField(false))
	d.AddFieldMappingsAt(FieldRecognisedTo, dateField(false))
	d.AddFieldMappingsAt(FieldLocation, geoField())
	return newMapping(o, d)
}

// tenderMapping is the explicit mapping of tenderDoc.
func tenderMapping(o Options) (bleveMapping, error) {
	nlA, _, _, vocab := o.textAnalyzers()
	d := bleve.NewDocumentStaticMapping()
	for _, f := range []string{FieldTitle, FieldDescription, FieldLots, FieldBuyer} {
		d.AddFieldMappingsAt(f, textField(nlA))
	}
	d.AddFieldMappingsAt(FieldVocab, textField(vocab))
	for _, f := range []string{FieldStatus, FieldClauses, FieldProvince, FieldBuyerType} {
		d.AddFieldMappingsAt(f, keywordField(true))
	}
	for _, f := range []string{FieldCPV, FieldPostcode, FieldMunicipality, FieldOwner} {
		d.AddFieldMappingsAt(f, keywordField(false))
	}
	d.AddFieldMappingsAt(FieldDeadline, dateField(true)) // sort
	d.AddFieldMappingsAt(FieldLocation, geoField())
	return newMapping(o, d)
}

// IndexedRadii returns the service radii present in the index, ascending.
func IndexedRadii(off bleve.Index) ([]int, error) {
	d, err := off.FieldDict(FieldAreaRadius)
	if err != nil {
		return nil, fmt.Errorf("read service radii: %w", err)
	}
	defer d.Close()
	var out []int
	for {
		e, err := d.Next()
		if err != nil {
			return nil, fmt.Errorf("read service radii: %w", err)
		}
		if e == nil {
			break
		}
		if km, err := strconv.Atoi(e.Term); err == nil && km > 0 {
			out = append(out, km)
		}
	}
	sort.Ints(out)
	return out, nil
}
