// Package server is Koppel's HTTP front: the JSON API under /api/v1, the
// health and readiness probes and, later, the web pages. It is the only
// package that imports Gin. Handlers talk to the other layers in the domain
// types of package koppel; errors are written by one function (writeError)
// from one table of codes to HTTP statuses.
package server
