namespace DigitalTwin.NetworkProbe.Capture;

/// <summary>The capture cannot be opened or read on: the message says which and why, in one line.</summary>
internal sealed class CaptureException(string message, Exception? inner = null) : Exception(message, inner);
