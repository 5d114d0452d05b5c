using System.Buffers;
using System.Text.Json;

namespace DigitalTwin.DeviceSimulator.Telemetry;

/// <summary>
/// The fields of one reading or state report, in the order they were added. Values are numbers, booleans or
/// strings, the value kinds the platform accepts (docs/mqtt.md).
/// </summary>
public sealed class TelemetryReading
{
    private readonly List<KeyValuePair<string, object>> _fields = [];

    public int Count => _fields.Count;

    public IEnumerable<string> Names => _fields.Select(f => f.Key);

    public void Set(string name, double value) => Put(name, value);

    public void Set(string name, bool value) => Put(name, value);

    public void Set(string name, string value) => Put(name, value);

    public bool Remove(string name)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            return false;
        }

        _fields.RemoveAt(index);
        return true;
    }

    public bool TryGetNumber(string name, out double value)
    {
        var index = IndexOf(name);
        if (index >= 0 && _fields[index].Value is double number)
        {
            value = number;
            return true;
        }

        value = 0;
        return false;
    }

    public object? this[string name] => IndexOf(name) is var index and >= 0 ? _fields[index].Value : null;

    /// <summary>Writes the fields as the members of the current JSON object.</summary>
    public void WriteFields(Utf8JsonWriter writer)
    {
        foreach (var (name, value) in _fields)
        {
            switch (value)
            {
                case double number:
                    writer.WriteNumber(name, number);
                    break;
                case bool flag:
                    writer.WriteBoolean(name, flag);
                    break;
                default:
                    writer.WriteString(name, (string)value);
                    break;
            }
        }
    }

    /// <summary>
    /// The seed's envelope: <c>{"device_id","timestamp","type","data":{...}}</c>. The type names the twin's
    /// device type when auto-discovery creates it.
    /// </summary>
    public byte[] ToEnvelope(string deviceId, string type, DateTimeOffset timestamp)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("device_id", deviceId);
            writer.WriteNumber("timestamp", timestamp.ToUnixTimeMilliseconds() / 1000.0);
            writer.WriteString("type", type);
            writer.WriteStartObject("data");
            WriteFields(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private void Put(string name, object value)
    {
        var index = IndexOf(name);
        if (index >= 0)
        {
            _fields[index] = new(name, value);
        }
        else
        {
            _fields.Add(new(name, value));
        }
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < _fields.Count; i++)
        {
            if (_fields[i].Key == name)
            {
                return i;
            }
        }

        return -1;
    }
}
