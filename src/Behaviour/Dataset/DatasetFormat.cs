namespace DigitalTwin.Behaviour.Dataset;

public enum DatasetFormat
{
    Csv,
    Parquet,
}
