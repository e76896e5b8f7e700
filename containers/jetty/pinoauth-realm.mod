# $JETTY_BASE/modules/pinoauth-realm.mod: the realm "pinoauth" (login-config of pinoauth's
# web.xml) as a server-wide HashLoginService. Enable with --add-modules=pinoauth-realm.

[description]
The realm "pinoauth": a HashLoginService reading etc/pinoauth-realm.properties.

[depend]
server
security

[xml]
etc/pinoauth-realm.xml

[files]
etc/pinoauth-realm.properties
