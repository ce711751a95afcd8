package cluster

import "example.com/elementcopy/api"

// slots groups the configured slots and the slots of the streams by
// database; a configured slot has no publication.
func slots(dbs []string, configs map[string]map[string]string, streams []api.Stream) map[string]map[string]api.Slot {
	databaseSlots := make(map[string]map[string]api.Slot)
	for _, db := range dbs {
		databaseSlots[db] = map[string]api.Slot{}
	}
	for name, config := range configs {
		if _, ok := databaseSlots[config["database"]]; ok {
			databaseSlots[config["database"]][name] = api.Slot{Slot: config}
		}
	}
	for _, stream := range streams {
		if _, ok := databaseSlots[stream.Database]; !ok {
			continue
		}
		name := stream.Database + "_" + stream.App
		if _, exists := databaseSlots[stream.Database][name]; !exists {
			databaseSlots[stream.Database][name] = api.Slot{
				Slot:        map[string]string{"database": stream.Database},
				Publication: stream.Tables,
			}
		} else {
			slot := databaseSlots[stream.Database][name]
			streamTables := slot.Publication
			for tableName, table := range stream.Tables {
				if _, exists := streamTables[tableName]; !exists {
					streamTables[tableName] = table // want "write to nil map streamTables: slot is a copy of an element of databaseSlots, which slots stores as an api.Slot literal without Publication"
				}
			}
			slot.Publication = streamTables
			databaseSlots[stream.Database][name] = slot
		}
	}
	return databaseSlots
}

// names writes a slice field of the copy, not a map: no nil-map panic.
func names(configs map[string]map[string]string) map[string]api.Slot {
	byName := make(map[string]api.Slot)
	for name, config := range configs {
		byName[name] = api.Slot{Slot: config, Tables: make([]string, 1)}
	}
	for name := range configs {
		slot := byName[name]
		tables := slot.Tables
		tables[0] = name
	}
	return byName
}
