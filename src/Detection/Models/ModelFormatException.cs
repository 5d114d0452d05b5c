namespace DigitalTwin.Detection.Models;

/// <summary>
/// A file is not a detection model this code can use: not a model at all, damaged, or written for another model
/// format or feature schema version. The message says which, so that a host loading a new model can log it and keep
/// serving the model it had.
/// </summary>
public sealed class ModelFormatException : Exception
{
    public ModelFormatException(string message)
        : base(message)
    {
    }

    public ModelFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
