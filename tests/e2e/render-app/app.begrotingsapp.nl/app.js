// The test application: the page's content comes from a data request made
// after a timer, as begrotingsapp's does after its framework has started.
(function () {
    var app = document.getElementById("app");
    var path = location.pathname.replace(/\/$/, "/index");
    function build(d) {
        var h = "<h1>" + d.title + "</h1>";
        (d.links || []).forEach(function (l) {
            h += '<p><a href="' + l.href + '">' + l.text + "</a></p>";
        });
        if (d.rows) {
            h += "<table>";
            d.rows.forEach(function (r) {
                h += "<tr><td>" + r[0] + "</td><td>" + r[1] + "</td></tr>";
            });
            h += "</table>";
        }
        app.innerHTML = h;
    }
    setTimeout(function () {
        if (/onrustig$/.test(path)) {
            var n = 0;
            setInterval(function () { app.textContent = "Laden... " + ++n; }, 100);
            return;
        }
        if (/bezig$/.test(path)) {
            setInterval(function () { fetch("/data/bezig.json?" + Date.now()); }, 300);
            return;
        }
        if (/elders$/.test(path)) {
            // another host (a name that resolves to this machine), the same
            // host on another port, and another loopback address
            ["http://localhost:@CANARY_PORT@/naam", "http://app.begrotingsapp.nl:@CANARY_PORT@/poort",
             "http://127.0.0.2:@CANARY_PORT@/adres"].forEach(function (u) {
                fetch(u).catch(function () {});
                new Image().src = u + "-img";
            });
        }
        fetch("/data" + path + ".json")
            .then(function (r) { return r.json(); })
            .then(build);
    }, 200);
})();
