package koppel

import "time"

// PendingUpload is an uploaded catalogue kept between its preview and the
// user's answer, so that confirming applies exactly the file that was
// previewed, without uploading it again. It is bound to one enterprise and
// to the token of whoever uploaded it, and expires by itself.
type PendingUpload struct {
	// ID is unguessable; the confirmation must name it.
	ID         string `json:"id"`
	Enterprise KBO    `json:"enterprise"`
	// Owner is the ID of the token that uploaded the file.
	Owner string `json:"owner"`
	File  string `json:"file"`
	// Removed is how many offerings the preview said would be removed.
	Removed int `json:"removed"`
	// Data is the file as uploaded; the store keeps it apart from the rest.
	Data      []byte    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
}
