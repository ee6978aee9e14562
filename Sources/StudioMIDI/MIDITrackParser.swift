/// Decodes the events of one `MTrk` chunk: delta times, running status, channel messages,
/// meta events (tempo kept, end-of-track ends the track, the rest kept as `.meta`) and system
/// exclusive messages (skipped, since no SoundFont player acts on them).
enum MIDITrackParser {
    static func parse(_ start: MIDIByteReader) throws -> MIDITrack {
        var reader = start
        var events: [MIDITrackEvent] = []
        var tick = 0
        var runningStatus: UInt8?
        while !reader.atEnd {
            tick += try reader.variableLength("a delta time")
            let statusOffset = reader.position
            var status = try reader.u8("a status byte")
            var firstData: UInt8?
            if status < 0x80 {
                // Running status: this byte is the first data byte of a repeat of the last message.
                guard let running = runningStatus else {
                    throw reader.error("data byte 0x\(hex(status)) with no status byte before it (no running status)",
                                       at: statusOffset)
                }
                firstData = status
                status = running
            }
            switch status {
            case 0xFF:
                runningStatus = nil
                let type = Int(try reader.u8("a meta event type"))
                let length = try reader.variableLength("a meta event length")
                if type == 0x2F {
                    try reader.skip(length, "end-of-track")
                    return MIDITrack(events: events, endTick: tick)
                }
                let dataOffset = reader.position
                let data = try reader.take(length, type == 0x51 ? "tempo event (meta 0x51)" : "meta event 0x\(hex(UInt8(type)))")
                if type == 0x51 {
                    guard data.count == 3 else {
                        throw reader.error("tempo event has \(data.count) data bytes, expected 3", at: dataOffset)
                    }
                    let micros = Int(data[0]) << 16 | Int(data[1]) << 8 | Int(data[2])
                    guard micros > 0 else { throw reader.error("tempo of 0 µs per quarter note", at: dataOffset) }
                    events.append(MIDITrackEvent(tick: tick, event: .tempo(microsecondsPerQuarter: micros)))
                } else {
                    events.append(MIDITrackEvent(tick: tick, event: .meta(type: type, data: data)))
                }
            case 0xF0, 0xF7:
                // System exclusive (or an escaped packet): a length and that many bytes.
                runningStatus = nil
                let length = try reader.variableLength("a sysex length")
                try reader.skip(length, "sysex message")
            case 0xF1...0xFE:
                throw reader.error("status byte 0x\(hex(status)) is not allowed in a MIDI file", at: statusOffset)
            default:
                runningStatus = status
                func data() throws -> Int {
                    let byte: UInt8
                    if let first = firstData { byte = first; firstData = nil } else { byte = try reader.u8("a data byte") }
                    guard byte < 0x80 else {
                        throw reader.error("expected a data byte after status 0x\(hex(status)), found 0x\(hex(byte))",
                                           at: reader.position - 1)
                    }
                    return Int(byte)
                }
                let channel = Int(status & 0x0F)
                let event: MIDIEvent
                switch status & 0xF0 {
                case 0x80: event = .noteOff(channel: channel, key: try data(), velocity: try data())
                case 0x90:
                    let key = try data(), velocity = try data()
                    event = velocity == 0 ? .noteOff(channel: channel, key: key, velocity: 64)
                        : .noteOn(channel: channel, key: key, velocity: velocity)
                case 0xA0: event = .polyPressure(channel: channel, key: try data(), pressure: try data())
                case 0xB0: event = .controlChange(channel: channel, controller: try data(), value: try data())
                case 0xC0: event = .programChange(channel: channel, program: try data())
                case 0xD0: event = .channelPressure(channel: channel, pressure: try data())
                default:
                    let low = try data(), high = try data()
                    event = .pitchBend(channel: channel, value: high << 7 | low)
                }
                events.append(MIDITrackEvent(tick: tick, event: event))
            }
        }
        // No end-of-track event: tolerated when the last event was complete (many writers omit it).
        return MIDITrack(events: events, endTick: tick)
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }
}
