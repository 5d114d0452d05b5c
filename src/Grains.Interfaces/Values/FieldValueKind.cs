namespace DigitalTwin.Grains.Interfaces.Values;

[GenerateSerializer, Alias("dtn.FieldValueKind")]
public enum FieldValueKind : byte
{
    Number = 0,
    Boolean = 1,
    Text = 2,
}
