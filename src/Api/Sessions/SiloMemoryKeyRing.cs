using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace DigitalTwin.Api.Sessions;

/// <summary>
/// The data protection key ring of a silo without PostgreSQL: in its memory, so its session cookies end with the
/// process, as its twins do. Without this, data protection would write keys to a directory of the user's home,
/// shared with any other program on the machine and lost with a container anyway.
/// </summary>
internal sealed class SiloMemoryKeyRing : IXmlRepository
{
    private readonly Lock _lock = new();
    private readonly List<XElement> _elements = [];

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_lock)
        {
            return [.. _elements.Select(e => new XElement(e))];
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (_lock)
        {
            _elements.Add(new XElement(element));
        }
    }
}
