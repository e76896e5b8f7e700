# The benchmark's Jetty base module (bench/run copies it into target/bench/jetty-base/modules).
[description]
The realm named "pinoauth" that pinoauth's web.xml asks for (a HashLoginService; the benchmark
signs nobody in, so it holds no users). Loaded for the ceiling too, so both WARs run on one setup.

[depends]
security

[xml]
etc/pinoauth-realm.xml
