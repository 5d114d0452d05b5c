namespace DigitalTwin.MqttBridge.Security;

/// <summary>A certificate or key file the broker cannot use; the message names the setting and the file.</summary>
internal sealed class CertificateFileException(string message, Exception? inner = null) : Exception(message, inner);
