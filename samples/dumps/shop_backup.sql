-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
--
-- Host: localhost    Database: shop

/*!40101 SET NAMES utf8mb4 */;

CREATE TABLE `customers` (
  `id` int NOT NULL,
  `name` varchar(80) DEFAULT NULL,
  `email` varchar(120) DEFAULT NULL,
  `phone` varchar(40) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

LOCK TABLES `customers` WRITE;
INSERT INTO `customers` VALUES (1,'Dmitri Ivanov','d.ivanov3@contoso.de','+49 30 5550103'),(2,'Emma García','e.garcia4@fabrikam.co.uk','+49 30 5550104'),(3,'Farid Okafor','f.okafor5@northwind.fr','+49 30 5550105'),(4,'Greta Larsen','g.larsen6@contoso.de','+49 30 5550106'),(5,'Hiro Novak','h.novak7@fabrikam.co.uk','+49 30 5550107'),(6,'Ines Rossi','i.rossi8@northwind.fr','+49 30 5550108'),(7,'Jonas Weber','j.weber9@contoso.de','+49 30 5550109'),(8,'Kemal Dubois','k.dubois10@fabrikam.co.uk','+49 30 5550110'),(9,'Lena Tanaka','l.tanaka11@northwind.fr','+49 30 5550111'),(10,'Anna Schmidt','a.schmidt12@contoso.de','+49 30 5550112');
UNLOCK TABLES;

CREATE TABLE `orders` (
  `id` int NOT NULL,
  `customer_id` int,
  `total` decimal(10,2),
  PRIMARY KEY (`id`)
);
INSERT INTO `orders` VALUES (1,1,51.50),(2,2,68.50),(3,3,85.50),(4,4,102.50),(5,5,119.50),(6,6,136.50),(7,7,153.50),(8,8,170.50);
