using DigitalTwin.Behaviour.CommandLine;

namespace DigitalTwin.Bench.Probe;

/// <summary>Writes the synthetic capture (again, even when it exists) and says where.</summary>
public static class WriteCaptureVerb
{
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        CaptureOptions capture;
        try
        {
            capture = CaptureOptions.Read(VerbOptions.Parse(args, CaptureOptions.ValueOptions, []));
        }
        catch (UsageException e)
        {
            error.WriteLine($"write-capture: {e.Message}");
            return 2;
        }

        File.Delete(capture.Path);
        capture.EnsureWritten(output);
        return 0;
    }
}
