using System.CommandLine;
using Understudy.Core.Vms.Libvirt;
using Understudy.Node.Vms.Libvirt;

namespace Understudy.Cli.Commands;

/// <summary>
/// <c>understudy vm import DOMAIN [-o FILE] [--shared-storage DIR] [--connect URI]</c>: takes the
/// persistent XML of an existing libvirt domain once, checks it (a domain, its disks on the shared
/// storage), and writes it to a file that a <c>vm</c> resource names (<c>domainXml: FILE</c>); the
/// cluster database then keeps it, and every new owner defines the domain from it.
/// </summary>
internal static class VmImportCommand
{
    public static Command Create()
    {
        var domain = new Argument<string>("domain") { Description = "The libvirt domain's name (virsh list --all)" };
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the XML (default DOMAIN.xml)" };
        var shared = new Option<string?>("--shared-storage") { Description = "Check that every writable disk is in this folder (the NFS/SAN mount every host has)" };
        var uri = new Option<string>("--connect", "-c") { Description = "libvirtd to read from", DefaultValueFactory = _ => "qemu:///system" };
        var command = new Command("import", "Take the XML of an existing libvirt domain for a vm resource (driver: libvirt)") { domain, output, shared, uri };
        command.SetAction(parse => Run(parse.GetValue(domain)!, parse.GetValue(output), parse.GetValue(shared), parse.GetValue(uri)!));
        return command;
    }

    private static int Run(string domain, string? output, string? shared, string uri)
    {
        if (!Core.Vms.VmSettingsRules.IsValidDomainName(domain))
        {
            Console.Error.WriteLine($"'{domain}' is not a domain name Understudy accepts: 1..{Core.Vms.VmSettingsRules.MaxDomainNameLength} characters of [A-Za-z0-9_.+-]");
            return ClusterFileInput.InvalidInput;
        }

        string xml;
        try
        {
            xml = LibvirtVmDriver.ReadDomainXml(uri, domain);
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine(e.Message);
            return ClusterFileInput.InvalidInput;
        }

        var (plan, problems) = DomainDefinition.Prepare(xml, domain, domain, "/nonexistent", shared is null ? null : Path.GetFullPath(shared));
        if (plan is null)
        {
            foreach (var problem in problems)
            {
                Console.Error.WriteLine($"domain {domain}: {problem}");
            }

            return ClusterFileInput.InvalidInput;
        }

        var file = Path.GetFullPath(output ?? domain + ".xml");
        File.WriteAllText(file, xml);
        Console.Out.WriteLine($"wrote {file} ({xml.Length} characters, {plan.WritableDisks.Length} writable disk(s)). In the cluster file:");
        Console.Out.WriteLine($"  - name: {domain}\n    type: vm\n    driver: libvirt\n    domain: {domain}\n    domainXml: {Path.GetFileName(file)}{(shared is null ? "" : $"\n    sharedStorage: {Path.GetFullPath(shared)}")}");
        Console.Out.WriteLine($"Understudy starts the domain only on the role's owner, so turn its autostart off and stop it here: virsh -c {uri} autostart --disable {domain}; virsh -c {uri} shutdown {domain}");
        return 0;
    }
}
