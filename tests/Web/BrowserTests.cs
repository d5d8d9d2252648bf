using KDTalker.Model.Audio;
using KDTalker.Tests.Support;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Xunit;

namespace KDTalker.Tests.Web;

/// <summary>
/// The page in a real browser (Debian's chromium and chromium-driver, which .ci/run installs; nothing is downloaded):
/// the bundled example uploaded, its face found, generated on the test networks, the video played and downloaded.
/// Screenshots go to artifacts/browser/ at the repository root.
/// </summary>
[Collection(WebServiceCollection.Name)]
public sealed class BrowserTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium", Driver = "/usr/bin/chromedriver";
    private const int Frames = 12; // the first 0.48 s of the bundled speech: the test stays around a minute
    private static readonly string Artifacts = Path.Combine(ServiceHost.Assets, "..", "..", "artifacts", "browser");
    private readonly string _scratch = Directory.CreateTempSubdirectory("kdtalker-browser-").FullName;
    private ServiceHost _host = null!;
    private ChromeDriver _browser = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium) || !File.Exists(Driver))
            throw new InvalidOperationException($"The browser test needs {Chromium} and {Driver}: apt-get install -y chromium chromium-driver (.ci/run installs them).");
        _host = await ServiceHost.StartAsync(kestrel: true);
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--window-size=1280,1400", $"--user-data-dir={Path.Combine(_scratch, "profile")}");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver)!, Path.GetFileName(Driver));
        service.SuppressInitialDiagnosticInformation = true;
        _browser = new ChromeDriver(service, options, TimeSpan.FromMinutes(2));
        Directory.CreateDirectory(Artifacts);
    }

    public async Task DisposeAsync()
    {
        _browser.Quit();
        _browser.Dispose();
        await _host.DisposeAsync();
        Directory.Delete(_scratch, recursive: true);
    }

    [Fact]
    public async Task The_bundled_example_is_uploaded_its_face_found_generated_played_and_downloaded()
    {
        string speech = ShortSpeech();
        _browser.Navigate().GoToUrl(_host.Address!);
        Until(b => b.FindElement(By.Id("engine")).Text.StartsWith("engine ready", StringComparison.Ordinal));
        Assert.True(_browser.FindElement(By.Id("weights-note")).Displayed); // the test networks say so

        _browser.FindElement(By.Id("photo")).SendKeys(Path.Combine(ServiceHost.Assets, "portrait.png"));
        Until(b => b.FindElement(By.Id("faces-status")).Text == "One face found.");
        _browser.FindElement(By.Id("speech")).SendKeys(speech);
        var steps = _browser.FindElement(By.Id("steps"));
        steps.Clear();
        steps.SendKeys("10");
        _browser.FindElement(By.Id("generate")).Click();

        // While it renders: the progress bar counts frames, the live preview shows the latest one.
        Until(b => b.FindElement(By.Id("progress-text")).Text.Contains("rendering · ", StringComparison.Ordinal)
            && Script<bool>("const p = document.getElementById('preview'); return !p.hidden && p.complete && p.naturalWidth === 512;"));
        Screenshot("serve-rendering.png");

        // HAVE_CURRENT_DATA: the first frame is decoded (and drawn in the screenshot).
        Until(b => Script<bool>("const v = document.getElementById('video'); return !v.hidden && v.readyState >= 2 && !v.seeking;"));
        double duration = Script<double>("return document.getElementById('video').duration;");
        Assert.InRange(duration, (Frames - 1) * 0.04, (Frames + 1) * 0.04);
        Screenshot("serve-done.png");

        // The download link serves the video the server wrote: read back by ffprobe, one frame per 40 ms of speech.
        string href = _browser.FindElement(By.Id("download-video")).GetAttribute("href")!;
        using var client = new HttpClient();
        string downloaded = Path.Combine(_scratch, "talk.mp4");
        await File.WriteAllBytesAsync(downloaded, await client.GetByteArrayAsync(href));
        Assert.Equal(Frames.ToString(), Ffprobe.Stream(Ffprobe.Streams(downloaded), "video").GetProperty("nb_read_packets").GetString());
        Assert.Contains("succeeded", _browser.FindElement(By.CssSelector("#jobs tbody")).Text);

        // On a phone-sized screen nothing is wider than the screen.
        _browser.Manage().Window.Size = new System.Drawing.Size(390, 844);
        Assert.True(Script<bool>("return document.documentElement.scrollWidth <= window.innerWidth;"));
        Screenshot("serve-phone.png");
    }

    // Waits for the page; on a timeout, saves a screenshot and says what the page showed.
    private void Until(Func<IWebDriver, bool> condition)
    {
        try
        {
            new WebDriverWait(_browser, TimeSpan.FromMinutes(8)) { PollingInterval = TimeSpan.FromMilliseconds(500) }.Until(condition);
        }
        catch (WebDriverTimeoutException timeout)
        {
            Screenshot("serve-failed.png");
            string page = (string)_browser.ExecuteScript(
                "const v = document.getElementById('video'); return JSON.stringify({ progress: document.getElementById('progress-text').textContent, "
                + "error: document.getElementById('result-error').textContent, form: document.getElementById('form-error').textContent, "
                + "faces: document.getElementById('faces-status').textContent, video: v.currentSrc, ready: v.readyState, videoError: v.error && v.error.code, "
                + "hidden: v.hidden, engine: document.getElementById('engine').textContent });")!;
            throw new TimeoutException($"the page did not get there in 8 minutes (screenshot: {Artifacts}/serve-failed.png): {page}", timeout);
        }
    }

    private T Script<T>(string script) => (T)Convert.ChangeType(_browser.ExecuteScript(script)!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);

    private void Screenshot(string name) => _browser.GetScreenshot().SaveAsFile(Path.Combine(Artifacts, name));

    // The first frames of the bundled speech (samples/assets/speech.wav), as a WAV file.
    private string ShortSpeech()
    {
        var samples = new AudioLoader().Load(Path.Combine(ServiceHost.Assets, "speech.wav"));
        string path = Path.Combine(_scratch, "speech-short.wav");
        File.WriteAllBytes(path, Inputs.Wav(samples[..(Frames * 640)].Select(s => (short)Math.Clamp(Math.Round(s * 32768.0), short.MinValue, short.MaxValue)).ToArray()));
        return path;
    }
}
