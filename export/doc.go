// Package export writes the lists users look at — search results, the
// directory, the matches of a lot, a market scan, a shortlist — as an xlsx
// workbook or a CSV file, one format for every list.
//
// An xlsx export has two sheets: "Over deze export" (what was asked, the
// filters, the date, the number of rows, Koppel's version: what a
// procurement file needs) and the data, with a bold header row frozen at
// the top, Dutch column names, set column widths, numbers as numbers and
// dates as dates. A CSV export is the data alone: UTF-8 with a byte-order
// mark (so that Excel reads accents right), as the spreadsheets of its
// language read it: in Dutch and French ";" between values and a decimal
// comma (Excel in Belgium), in English "," and a decimal point; numbers
// rounded as their column says (scores to 3 decimals, kilometres to 1),
// dates as 2006-01-02.
package export
