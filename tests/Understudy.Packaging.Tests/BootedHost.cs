using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Understudy.Packaging.Tests;

/// <summary>
/// One host of <see cref="HostLab"/>: a clean Debian 12 root of its own, booted by
/// <c>systemd-nspawn</c> with systemd as its PID 1, inside the host's network namespace. The
/// container has its own mount, PID, UTS, IPC and cgroup namespaces, so the host has its own
/// <c>/etc</c>, <c>/var/lib</c>, users, journal and <c>systemctl</c>; commands run in it as root
/// through <c>nsenter</c> into all of its namespaces, with a clean environment.
/// </summary>
internal sealed class BootedHost
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(3);
    private readonly StringBuilder _console = new();
    private Process? _nspawn;
    private int _leader;

    public BootedHost(string name, string address, string @namespace, string machine, string root)
    {
        Name = name;
        Address = address;
        Namespace = @namespace;
        Machine = machine;
        Root = root;
    }

    public string Name { get; }

    public string Address { get; }

    /// <summary>The host's network namespace (<c>ip netns</c>), holding its <c>eth0</c>.</summary>
    public string Namespace { get; }

    /// <summary>The container's machine name, also the name of its cgroups.</summary>
    public string Machine { get; }

    /// <summary>Where the host's root is on this machine.</summary>
    public string Root { get; }

    /// <summary>A path of the host as this machine sees it (through its root folder; not for
    /// what the container mounts itself, such as its <c>/tmp</c>).</summary>
    public string At(string inside) => Path.Combine(Root, inside.TrimStart('/'));

    /// <summary>What systemd-nspawn and the container's console printed.</summary>
    public string Console
    {
        get
        {
            lock (_console)
            {
                return _console.ToString();
            }
        }
    }

    /// <summary>
    /// Boots the root: systemd-nspawn (its process first moved into <paramref name="cgroups"/>,
    /// folders of its own in each cgroup hierarchy, because the systemd inside takes the cgroup it
    /// starts in as its own and two containers must not share one), then waits until the
    /// container's systemd says the system is up.
    /// </summary>
    public async Task BootAsync(IReadOnlyList<string> cgroups, TimeSpan deadline)
    {
        await File.WriteAllTextAsync(At("/etc/hostname"), Name + "\n");
        var start = new ProcessStartInfo("sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "-c", "for g in $UNDERSTUDY_CGROUPS; do echo $$ > \"$g/cgroup.procs\"; done; exec systemd-nspawn \"$@\"", "sh",
            "--quiet", "--boot", "--register=no", "--keep-unit", "--settings=no", "--link-journal=no", "--console=pipe",
            "--directory", Root, "--machine", Machine, "--network-namespace-path", $"/run/netns/{Namespace}",
            // The unit's three (CAP_NET_RAW is in systemd-nspawn's default set): without them in the
            // container's bounding set, AmbientCapabilities= would fail the unit.
            "--capability=CAP_NET_ADMIN,CAP_BPF",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["UNDERSTUDY_CGROUPS"] = string.Join(' ', cgroups);
        var nspawn = Process.Start(start)!;
        _nspawn = nspawn;
        nspawn.StandardInput.Close();
        nspawn.OutputDataReceived += (_, e) => Seen(e.Data);
        nspawn.ErrorDataReceived += (_, e) => Seen(e.Data);
        nspawn.BeginOutputReadLine();
        nspawn.BeginErrorReadLine();

        var clock = Stopwatch.StartNew();
        while ((_leader = LeaderOf(nspawn.Id)) == 0)
        {
            Assert.False(nspawn.HasExited, $"systemd-nspawn of {Name} exited ({(nspawn.HasExited ? nspawn.ExitCode : 0)}):\n{Console}");
            Assert.True(clock.Elapsed < deadline, $"{Name}: no container init under systemd-nspawn within {deadline}:\n{Console}");
            await Task.Delay(100);
        }

        string state = "";
        while (state is not ("running" or "degraded"))
        {
            Assert.False(nspawn.HasExited, $"systemd-nspawn of {Name} exited ({(nspawn.HasExited ? nspawn.ExitCode : 0)}):\n{Console}");
            Assert.True(clock.Elapsed < deadline, $"{Name}: systemd did not finish booting within {deadline} (last: '{state}'):\n{Console}");
            state = (await RunAsync("systemctl is-system-running --wait || true", deadline: deadline)).Out.Trim();
            if (state is not ("running" or "degraded"))
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Runs <paramref name="script"/> with <c>sh -e</c> in the host as root, in <c>/root</c>,
    /// with <paramref name="input"/> on its standard input.</summary>
    public Task<Shell.Result> RunAsync(string script, string? input = null, TimeSpan? deadline = null) =>
        Shell.RunAsync("nsenter", [
            "--target", _leader.ToString(CultureInfo.InvariantCulture), "--all", "--",
            "env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", "LANG=C.UTF-8", "DEBIAN_FRONTEND=noninteractive",
            "sh", "-ec", "cd /root\n" + script,
        ], deadline ?? Step, input: input);

    /// <summary>Runs it and fails the test, with what it printed, unless it exits 0.</summary>
    public async Task<string> CheckAsync(string script, string? input = null)
    {
        var result = await RunAsync(script, input);
        Assert.True(result.ExitCode == 0, $"on {Name}: {script}\n{result}");
        return result.Out;
    }

    /// <summary>Halts the container (SIGTERM to systemd-nspawn: an orderly poweroff of its systemd)
    /// within <paramref name="deadline"/>, else kills it.</summary>
    public async Task HaltAsync(TimeSpan deadline)
    {
        if (_nspawn is not { } nspawn)
        {
            return;
        }

        if (!nspawn.HasExited)
        {
            await Shell.CleanupAsync("kill", "-TERM", nspawn.Id.ToString(CultureInfo.InvariantCulture));
            using var timeout = new CancellationTokenSource(deadline);
            try
            {
                await nspawn.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                nspawn.Kill(entireProcessTree: true);
                await nspawn.WaitForExitAsync();
            }
        }

        nspawn.Dispose();
        _nspawn = null;
    }

    private void Seen(string? line)
    {
        if (line is not null)
        {
            lock (_console)
            {
                _console.AppendLine(line);
            }
        }
    }

    /// <summary>The container's init: the child of systemd-nspawn that is PID 1 of a PID namespace
    /// of its own (its status's last NSpid is 1), or 0 while there is none yet.</summary>
    private static int LeaderOf(int nspawn)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var status = File.ReadAllLines(Path.Combine(dir, "status"));
                var parent = status.FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal))?["PPid:".Length..].Trim();
                var ids = status.FirstOrDefault(l => l.StartsWith("NSpid:", StringComparison.Ordinal))?["NSpid:".Length..]
                    .Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (parent == nspawn.ToString(CultureInfo.InvariantCulture) && ids is { Length: > 1 } && ids[^1] == "1")
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // It ended while being read.
            }
        }

        return 0;
    }
}
