using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Cli;

/// <summary>`kdtalker serve` as a user starts it: it says where it listens, answers there, and stops cleanly on Ctrl+C.</summary>
[Collection(KDTalker.Tests.Web.WebServiceCollection.Name)]
public sealed class ServeCommandTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("kdtalker-serve-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public void Listening_beyond_loopback_without_a_token_and_missing_weights_are_usage_errors()
    {
        var open = Kdtalker.Run("serve", "--listen", "0.0.0.0", "--data", _data);
        Assert.Equal(2, open.ExitCode);
        Assert.Contains("give --token TOKEN", open.Error);
        var weights = Kdtalker.Run("serve", "--weights", Path.Combine(_data, "missing.safetensors"), "--data", _data);
        Assert.Equal(2, weights.ExitCode);
        Assert.Contains("no weights at", weights.Error);
        var address = Kdtalker.Run("serve", "--listen", "localhost:80", "--data", _data);
        Assert.Equal(2, address.ExitCode);
        Assert.Contains("--listen must be an IP address", address.Error);
    }

    [Fact]
    public async Task A_port_in_use_and_a_data_folder_in_use_are_one_line_errors()
    {
        var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            int port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
            var busy = Kdtalker.Run("serve", "--port", port.ToString(), "--weights", "test", "--data", _data);
            Assert.Equal(2, busy.ExitCode);
            Assert.Contains($"cannot listen on 127.0.0.1:{port}", busy.Error);
            Assert.DoesNotContain("   at ", busy.Output + busy.Error);
        }
        finally
        {
            taken.Stop();
        }
        await using var running = await KDTalker.Tests.Web.ServiceHost.StartAsync(dataFolder: _data);
        var second = Kdtalker.Run("serve", "--port", "0", "--weights", "test", "--data", _data);
        Assert.Equal(2, second.ExitCode);
        Assert.Contains($"another kdtalker serve is using {_data}", second.Error);
    }

    [Fact]
    public async Task Serves_on_loopback_and_stops_on_ctrl_c()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { Path.Combine(AppContext.BaseDirectory, "kdtalker.dll"), "serve", "--port", "0", "--weights", "test", "--data", _data })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            string? address = null;
            var output = new List<string>();
            while (address is null && await process.StandardOutput.ReadLineAsync() is { } line)
            {
                output.Add(line);
                address = Regex.Match(line, @"^serving on (http://127\.0\.0\.1:\d+)").Groups[1] is { Success: true } found ? found.Value : null;
            }
            Assert.True(address is not null, $"no address printed: {string.Join('\n', output)}\n{(process.HasExited ? await errors : "")}");
            var rest = process.StandardOutput.ReadToEndAsync();

            using var client = new HttpClient();
            using var health = JsonDocument.Parse(await client.GetStringAsync(address + "/api/health"));
            Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
            Assert.True(File.Exists(Path.Combine(_data, "jobs.db")));

            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString()]))
                await kill.WaitForExitAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "serve did not stop within a minute of Ctrl+C");
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("stopped.", await rest);
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
    }
}
