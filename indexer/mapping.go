package indexer

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/nl"
	"github.com/blevesearch/bleve/v2/mapping"
)

type bleveMapping = *mapping.IndexMappingImpl

// textField is Dutch full text; nothing is stored in Bleve because the
// documents themselves are read from the store.
func textField() *mapping.FieldMapping {
	f := bleve.NewTextFieldMapping()
	f.Analyzer = nl.AnalyzerName
	f.Store = false
	f.IncludeTermVectors = true // highlights and the "terms that matched"
	return f
}

func keywordField() *mapping.FieldMapping {
	f := bleve.NewKeywordFieldMapping()
	f.Analyzer = keyword.Name
	f.Store = false
	f.IncludeInAll = false
	f.DocValues = true // facets
	return f
}

func newMapping(doc *mapping.DocumentMapping) bleveMapping {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = nl.AnalyzerName
	m.DefaultMapping = doc
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	m.ScoringModel = "bm25"
	return m
}

// offeringMapping is the explicit mapping of offeringDoc; unknown fields are
// not indexed.
func offeringMapping() bleveMapping {
	d := bleve.NewDocumentStaticMapping()
	for _, f := range []string{"title", "description", "keywords", "name", "category_label"} {
		d.AddFieldMappingsAt(f, textField())
	}
	for _, f := range []string{"enterprise", "category", "cpv", "forms", "province", "postcode", "municipality", "languages"} {
		d.AddFieldMappingsAt(f, keywordField())
	}
	geo := bleve.NewGeoPointFieldMapping()
	geo.Store = false
	d.AddFieldMappingsAt("location", geo)
	return newMapping(d)
}

// tenderMapping is the explicit mapping of tenderDoc.
func tenderMapping() bleveMapping {
	d := bleve.NewDocumentStaticMapping()
	for _, f := range []string{"title", "description", "lots", "buyer"} {
		d.AddFieldMappingsAt(f, textField())
	}
	for _, f := range []string{"status", "cpv", "postcode", "province", "clauses", "owner"} {
		d.AddFieldMappingsAt(f, keywordField())
	}
	dt := bleve.NewDateTimeFieldMapping()
	dt.Store = false
	d.AddFieldMappingsAt("deadline", dt)
	return newMapping(d)
}
