--
-- PostgreSQL database dump
--
CREATE TABLE public.contacts (id integer, name text, email text, phone text);
COPY public.contacts (id, name, email, phone) FROM stdin;
1	Ana García	ana.garcia@correo.es	612 345 678
2	Luca Bianchi	luca.bianchi@example.it	+39 333 123 4567
\.
