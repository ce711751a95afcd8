package api

// StreamTable names a table's event type.
type StreamTable struct {
	EventType string
}

// Slot is a replication slot with the tables of its publication.
type Slot struct {
	Slot        map[string]string
	Publication map[string]StreamTable
	Tables      []string
}

// Stream asks for a slot.
type Stream struct {
	Database string
	App      string
	Tables   map[string]StreamTable
}
