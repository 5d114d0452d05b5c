namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// Names of the shapes cloud IoT services and CDNs hand out: a per-account or per-distribution random label under a
/// provider's zone, long and high in entropy like a tunnel's names but stable for a device, so resolved again and
/// again. Written under example.com/net to stay in reserved names, with the real ones' length and alphabet.
/// </summary>
internal static class CloudNames
{
    private const string Alphanumerics = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>An IoT data endpoint, 54 characters: <c>a3k7odshaiipe8-ats.iot.eu-west-1.cloud-iot.example.com</c>.</summary>
    public static DomainName IotEndpoint(Xoshiro256 random) => new($"{Random(random, 14)}-ats.iot.eu-west-1.cloud-iot.example.com");

    /// <summary>A CDN distribution, 37 characters: <c>d3k8x9q2abcd12.cloudfront.example.net</c>.</summary>
    public static DomainName CdnEdge(Xoshiro256 random) => new($"d{Random(random, 13)}.cloudfront.example.net");

    /// <summary>An object-storage bucket named by a hash, 55 characters.</summary>
    public static DomainName StorageBucket(Xoshiro256 random) => new($"{Random(random, 16)}-media.s3.eu-west-1.storage.example.com");

    /// <summary>A cloud load balancer's generated name, 73 characters: <c>k8s-ingress-…-….elb.eu-west-1.compute.example.com</c>.</summary>
    public static DomainName LoadBalancer(Xoshiro256 random) => new($"k8s-ingress-{Random(random, 10)}-{Random(random, 16)}.elb.eu-west-1.compute.example.com");

    private static string Random(Xoshiro256 random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Alphanumerics[random.NextInt(Alphanumerics.Length)];
        }

        return new string(chars);
    }
}
