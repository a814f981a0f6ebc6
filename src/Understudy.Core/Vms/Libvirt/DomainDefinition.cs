using System.Collections.Immutable;
using System.Xml;
using System.Xml.Linq;

namespace Understudy.Core.Vms.Libvirt;

/// <summary>
/// Makes a libvirt domain's XML, as kept in the cluster database, ready to define on one host:
/// checks that it is a domain of the expected name, gives it this host's name for it (with a
/// prefix, a copy of its own without the original's UUID, so that several test hosts share one
/// libvirtd), replaces <see cref="VmDirToken"/> with the VM's folder on this host, and checks that
/// every writable disk is a file on the shared storage. Pure: no I/O.
/// </summary>
public static class DomainDefinition
{
    /// <summary>In a domain's XML, replaced with the VM's folder on the host that defines it.</summary>
    public const string VmDirToken = "${vmDir}";

    /// <summary>The heartbeat socket's file name in the VM's folder.</summary>
    public const string HeartbeatSocketName = "hb.sock";

    /// <summary>Prepares <paramref name="xml"/> of domain <paramref name="domain"/> for a host whose
    /// libvirtd calls it <paramref name="hostName"/>; every problem, or the plan.</summary>
    /// <param name="xml">The domain's XML from the cluster database.</param>
    /// <param name="domain">The domain's name (the VM's <c>domain</c>).</param>
    /// <param name="hostName">Its name in this host's libvirtd (the same, or with the host's prefix).</param>
    /// <param name="vmDirectory">The VM's folder on this host.</param>
    /// <param name="sharedStorage">The folder standing for the shared storage every writable disk must be on, or null to not check.</param>
    public static (DomainPlan? Plan, ImmutableArray<string> Problems) Prepare(string xml, string domain, string hostName, string vmDirectory, string? sharedStorage)
    {
        ArgumentNullException.ThrowIfNull(xml);
        if (xml.Length > VmSettingsRules.MaxDomainXmlLength)
        {
            return (null, [$"the domain XML has {xml.Length} characters; at most {VmSettingsRules.MaxDomainXmlLength}"]);
        }

        XDocument document;
        try
        {
            document = Parse(xml);
        }
        catch (XmlException e)
        {
            return (null, [$"the domain XML does not parse: {e.Message}"]);
        }

        var root = document.Root!;
        if (root.Name.LocalName != "domain" || root.Name.NamespaceName.Length != 0)
        {
            return (null, [$"the XML's root element is <{root.Name.LocalName}>, not <domain>"]);
        }

        var problems = ImmutableArray.CreateBuilder<string>();
        var name = root.Element("name");
        if (name is null || name.Value != domain)
        {
            problems.Add(name is null ? "the domain XML has no <name>" : $"the domain XML is of domain '{name.Value}', not '{domain}'");
        }

        if (root.Attribute("type") is null)
        {
            problems.Add("the domain XML has no type (<domain type='qemu'> or 'kvm')");
        }

        Substitute(root, vmDirectory);
        if (hostName != domain)
        {
            root.Element("uuid")?.Remove();
        }

        name?.SetValue(hostName);
        var devices = root.Element("devices");
        var disks = WritableDisks(devices, sharedStorage, problems);
        var heartbeat = Path(vmDirectory, HeartbeatSocketName);
        var hasHeartbeat = devices?.Elements().Where(e => e.Name.LocalName is "serial" or "channel")
            .Any(e => (string?)e.Attribute("type") == "unix" && (string?)e.Element("source")?.Attribute("path") == heartbeat) ?? false;
        var console = devices?.Elements("serial").FirstOrDefault(e => (string?)e.Attribute("type") == "file")?.Element("source")?.Attribute("path")?.Value;
        return problems.Count > 0
            ? (null, problems.ToImmutable())
            : (new DomainPlan(hostName, document.ToString(SaveOptions.DisableFormatting), disks, hasHeartbeat ? heartbeat : null, console), []);
    }

    /// <summary>Whether <paramref name="file"/> lies inside <paramref name="folder"/> (absolute paths, no <c>..</c> steps).</summary>
    public static bool IsInside(string file, string folder)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(folder);
        if (!file.StartsWith('/') || file.Split('/').Any(part => part is ".." or "."))
        {
            return false;
        }

        var prefix = folder.TrimEnd('/') + "/";
        return file.StartsWith(prefix, StringComparison.Ordinal) && file.Length > prefix.Length;
    }

    private static XDocument Parse(string xml)
    {
        // No DTDs, no external entities: the XML comes from the cluster database, but was once a file.
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = VmSettingsRules.MaxDomainXmlLength };
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        return XDocument.Load(reader);
    }

    private static void Substitute(XElement root, string vmDirectory)
    {
        foreach (var attribute in root.DescendantsAndSelf().Attributes().Where(a => a.Value.Contains(VmDirToken, StringComparison.Ordinal)))
        {
            attribute.Value = attribute.Value.Replace(VmDirToken, vmDirectory, StringComparison.Ordinal);
        }

        foreach (var text in root.DescendantNodes().OfType<XText>().Where(t => t.Value.Contains(VmDirToken, StringComparison.Ordinal)))
        {
            text.Value = text.Value.Replace(VmDirToken, vmDirectory, StringComparison.Ordinal);
        }
    }

    private static ImmutableArray<string> WritableDisks(XElement? devices, string? sharedStorage, ImmutableArray<string>.Builder problems)
    {
        var disks = ImmutableArray.CreateBuilder<string>();
        foreach (var (disk, index) in (devices?.Elements("disk") ?? []).Select((d, i) => (d, i)))
        {
            if (disk.Element("readonly") is not null || (string?)disk.Attribute("device") == "cdrom")
            {
                continue;
            }

            var target = (string?)disk.Element("target")?.Attribute("dev") ?? $"disk {index}";
            var type = (string?)disk.Attribute("type");
            var file = (string?)disk.Element("source")?.Attribute("file");
            if (type != "file" || file is null)
            {
                if (sharedStorage is not null)
                {
                    problems.Add($"disk {target} is a {type ?? "typeless"} disk; only file disks on the shared storage ({sharedStorage}) can be checked and locked");
                }

                continue;
            }

            if (sharedStorage is not null && !IsInside(file, sharedStorage))
            {
                problems.Add($"disk {target} ({file}) is not on the shared storage {sharedStorage}: move it there (every host must reach the same file)");
            }

            disks.Add(file);
        }

        return disks.ToImmutable();
    }

    private static string Path(string folder, string file) => folder.TrimEnd('/') + "/" + file;
}
