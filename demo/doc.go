// Package demo generates a deterministic, entirely fictional dataset of
// social-economy enterprises, their offerings and tenders with social clauses,
// for demonstrations (`koppel demo`, `koppel serve --demo`) and for
// benchmarks (`koppel gen`).
//
// All enterprise names, buyer names, recognition numbers, e-mail addresses
// (on the reserved .example domain), phone numbers (+32 … 000 …) and
// company numbers are invented; any resemblance to existing organisations is
// coincidental. Only the postcodes with their place names, provinces and
// populations, the street names and the CPV codes are real, so that
// validation, geographic search and CPV matching behave as with real data;
// the shape of the data follows the sector: enterprises placed by
// population, work forms in the sector's proportions, names that fit the
// work form and the activities, and a CPV code per kind of service.
//
// The same Options give the same dataset, byte for byte: every random choice
// comes from math/rand/v2 PCG sources derived from Options.Seed, no map is
// iterated, and all dates are fixed relative to ReferenceDate rather than the
// clock.
package demo
